import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Request, Response } from 'express';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { clearAuthCookies } from '../auth/auth-cookies';
import {
  changePasswordBody,
  ChangePasswordBody,
  deleteAccountBody,
  DeleteAccountBody,
} from '../auth/dto/auth.dto';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { TokenResponse } from '../auth/token-response';
import { clientInfo } from '../http/client-info';
import { ZodBody } from '../http/zod-body.pipe';
import { roleName } from '../orgs/views';
import { me, tokens } from '../auth/auth.schemas';
import { Api } from '../openapi/api.decorator';

@ApiTags('account')
@Controller('api/v1/me')
@UseGuards(AccessTokenGuard)
export class AccountController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly tokens: TokenResponse,
  ) {}

  @Get()
  @Api({ summary: 'The signed-in user', status: 200, ok: me, errors: ['auth.user_not_found'] })
  async me(@CurrentPrincipal() principal: Principal) {
    const [user, profile] = await Promise.all([
      this.rpc.request(
        'auth.user.get',
        { userId: principal.userId },
        { accessToken: principal.accessToken },
      ),
      this.rpc.request('accounts.profile.get', {}, { accessToken: principal.accessToken }),
    ]);
    return {
      id: user.id,
      email: user.email,
      emailVerified: user.emailVerified,
      createdAt: timestampDate(user.createdAt!).toISOString(),
      sessionId: principal.sessionId,
      username: profile.username,
      activeOrg: profile.activeOrgId
        ? { id: profile.activeOrgId, name: profile.activeOrgName }
        : null,
      role: roleName(profile.role),
      platformAdmin: profile.platformAdmin,
    };
  }

  @Post('password')
  @HttpCode(200)
  @Api({
    summary: 'Change the password; every other session ends, fresh tokens return',
    status: 200,
    body: changePasswordBody,
    ok: tokens,
    errors: [
      'auth.current_password_incorrect',
      'auth.password_unchanged',
      'auth.too_many_attempts',
      'auth.busy',
    ],
  })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(changePasswordBody)) body: ChangePasswordBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const pair = await this.rpc.request(
      'auth.password.change',
      {
        userId: principal.userId,
        sessionId: principal.sessionId,
        currentPassword: body.currentPassword ?? '',
        newPassword: body.newPassword,
        ...clientInfo(req),
      },
      { accessToken: principal.accessToken },
    );
    return this.tokens.send(pair, principal.via === 'bearer' ? 'api' : 'browser', req, res);
  }

  @Post('delete')
  @HttpCode(204)
  @Api({
    summary:
      'Delete my account, confirmed with the current password (or a fresh Google sign-in); ' +
      'refused (409) while the last owner of an organization others use',
    status: 204,
    body: deleteAccountBody,
    errors: [
      'auth.current_password_incorrect',
      'auth.reauth_required',
      'accounts.last_owner',
      'auth.too_many_attempts',
      'auth.busy',
    ],
  })
  async deleteAccount(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(deleteAccountBody)) body: DeleteAccountBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.rpc.request(
      'auth.user.delete',
      { userId: principal.userId, password: body.password ?? '', ip: clientInfo(req).ip },
      { accessToken: principal.accessToken },
    );
    clearAuthCookies(res);
  }
}
