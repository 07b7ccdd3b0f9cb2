import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { badRequest } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';

const sessionId = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('gateway.invalid_id', 'The session id must be a UUID.'),
});

@ApiTags('sessions')
@Controller('api/v1/me/sessions')
@UseGuards(AccessTokenGuard)
export class SessionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'My active sessions: device, IP, last used' })
  async list(@CurrentPrincipal() principal: Principal) {
    const reply = await this.rpc.request(
      'auth.session.list',
      {
        userId: principal.userId,
        currentSessionId: principal.sessionId,
      },
      { accessToken: principal.accessToken },
    );
    return {
      items: reply.sessions.map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: timestampDate(s.createdAt!).toISOString(),
        lastUsedAt: timestampDate(s.lastUsedAt!).toISOString(),
        current: s.current,
      })),
    };
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session but this one' })
  async revokeOthers(@CurrentPrincipal() principal: Principal) {
    const reply = await this.rpc.request(
      'auth.session.revoke_others',
      {
        userId: principal.userId,
        currentSessionId: principal.sessionId,
      },
      { accessToken: principal.accessToken },
    );
    return { revokedCount: reply.revokedCount };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one session' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', sessionId) id: string) {
    await this.rpc.request(
      'auth.session.revoke',
      { userId: principal.userId, sessionId: id },
      { accessToken: principal.accessToken },
    );
  }
}
