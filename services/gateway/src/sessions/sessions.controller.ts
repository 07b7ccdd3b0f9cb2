import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { badRequest } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { sessions } from '../auth/auth.schemas';
import { z } from '@strata/config';
import { Api } from '../openapi/api.decorator';

const sessionId = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('gateway.invalid_id', 'The session id must be a UUID.'),
});

@ApiTags('sessions')
@Controller('api/v1/me/sessions')
@UseGuards(AccessTokenGuard)
export class SessionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({ summary: 'My active sessions: device, IP, last used', status: 200, ok: sessions })
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
  @Api({
    summary: 'End every session but this one',
    status: 200,
    ok: z.object({ revokedCount: z.number().int().min(0) }),
  })
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
  @Api({ summary: 'End one session', status: 204, errors: ['auth.session_not_found'] })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', sessionId) id: string) {
    await this.rpc.request(
      'auth.session.revoke',
      { userId: principal.userId, sessionId: id },
      { accessToken: principal.accessToken },
    );
  }
}
