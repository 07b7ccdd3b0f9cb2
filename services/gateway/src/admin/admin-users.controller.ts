import { Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { badRequest } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';

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
  @ApiOperation({ summary: 'Disable a user (platform admins): no sign-in, every session ends now' })
  async disable(@CurrentPrincipal() principal: Principal, @Param('id', userId) id: string) {
    const reply = await this.rpc.request(
      'auth.user.disable',
      { userId: id },
      { accessToken: principal.accessToken },
    );
    return { disabled: true, revokedSessions: reply.revokedSessions };
  }
}
