import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { z } from '@strata/config';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ZodBody } from '../http/zod-body.pipe';
import { adminUsers } from '../orgs/orgs.schemas';
import { Api } from '../openapi/api.decorator';

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
type ListQuery = z.infer<typeof listQuery>;

/** Every user of the platform, for platform admins (served by accounts). */
@ApiTags('admin')
@Controller('api/v1/admin/users')
@UseGuards(AccessTokenGuard)
export class AdminUsersListController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary: 'All users, newest first (platform admins)',
    query: listQuery,
    status: 200,
    ok: adminUsers,
    errors: ['platform.forbidden', 'gateway.validation_failed'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodBody(listQuery)) query: ListQuery,
  ) {
    const reply = await this.rpc.request(
      'accounts.user.list',
      { page: query.page, pageSize: query.pageSize },
      { accessToken: principal.accessToken },
    );
    return {
      items: reply.users.map((u) => ({
        id: u.userId,
        email: u.email,
        username: u.username,
        createdAt: timestampDate(u.createdAt!).toISOString(),
        disabled: u.disabled,
        platformAdmin: u.platformAdmin,
      })),
      page: query.page,
      pageSize: query.pageSize,
      total: reply.total,
    };
  }
}
