import { Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { badRequest } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { z } from '@strata/config';
import { Api } from '../openapi/api.decorator';

const userId = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('gateway.invalid_id', 'The user id must be a UUID.'),
});

@ApiTags('admin')
@Controller('api/v1/admin/users')
@UseGuards(AccessTokenGuard)
export class AdminUsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':id/disable')
  @HttpCode(200)
  @Api({
    summary: 'Disable a user (platform admins): no sign-in, every session ends now',
    status: 200,
    ok: z.object({ disabled: z.literal(true), revokedSessions: z.number().int().min(0) }),
    errors: ['platform.forbidden', 'auth.user_not_found', 'auth.cannot_disable_self'],
  })
  async disable(@CurrentPrincipal() principal: Principal, @Param('id', userId) id: string) {
    const reply = await this.rpc.request(
      'auth.user.disable',
      { userId: id },
      { accessToken: principal.accessToken },
    );
    return { disabled: true, revokedSessions: reply.revokedSessions };
  }
}
