import { Body, Controller, Get, Param, Put, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { TokenResponse } from '../auth/token-response';
import { ZodBody } from '../http/zod-body.pipe';
import { changeUsernameBody, ChangeUsernameBody } from '../orgs/orgs.dto';
import { usernameAvailability, usernameChanged } from '../orgs/orgs.schemas';
import { Api } from '../openapi/api.decorator';

@ApiTags('profile')
@Controller('api/v1')
@UseGuards(AccessTokenGuard)
export class ProfileController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly tokens: TokenResponse,
  ) {}

  @Put('me/username')
  @Api({
    summary: 'Change my username (409 when taken); a new access token carries it',
    status: 200,
    body: changeUsernameBody,
    ok: usernameChanged,
    errors: ['accounts.username_invalid', 'accounts.username_taken'],
  })
  async changeUsername(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(changeUsernameBody)) body: ChangeUsernameBody,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { username } = await this.rpc.request(
      'accounts.username.change',
      { username: body.username },
      { accessToken: principal.accessToken },
    );
    const access = await this.rpc.request(
      'auth.session.reissue',
      { userId: principal.userId, sessionId: principal.sessionId },
      { accessToken: principal.accessToken },
    );
    return {
      username,
      ...this.tokens.sendAccess(access, principal.via === 'bearer' ? 'api' : 'browser', res),
    };
  }

  @Get('usernames/:name/availability')
  @Api({
    summary: 'Whether a username can be taken now, and why not (as-you-type)',
    status: 200,
    ok: usernameAvailability,
  })
  async availability(@CurrentPrincipal() principal: Principal, @Param('name') name: string) {
    const reply = await this.rpc.request(
      'accounts.username.check',
      { username: name.slice(0, 100) },
      { accessToken: principal.accessToken },
    );
    return reply.available ? { available: true } : { available: false, reason: reply.reason };
  }
}
