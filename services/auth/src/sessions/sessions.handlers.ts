import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { assertCaller } from './assert-caller';
import { SessionsService } from './sessions.service';
import { toTokenPair } from './token-pair';

@Controller()
export class SessionsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler('auth.session.login')
  async login(
    @Payload() req: RequestData<'auth.session.login'>,
  ): Promise<ReplyInit<'auth.session.login'>> {
    const client = { ip: req.ip, userAgent: req.userAgent };
    return toTokenPair(await this.sessions.login(req.email, req.password, client));
  }

  @RpcHandler('auth.session.refresh')
  async refresh(
    @Payload() req: RequestData<'auth.session.refresh'>,
  ): Promise<ReplyInit<'auth.session.refresh'>> {
    const client = { ip: req.ip, userAgent: req.userAgent };
    return toTokenPair(await this.sessions.refresh(req.refreshToken, client));
  }

  @RpcHandler('auth.session.reissue')
  @Authorized()
  async reissue(
    @Payload() req: RequestData<'auth.session.reissue'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.session.reissue'>> {
    assertCaller(caller, req.userId, req.sessionId);
    const access = await this.sessions.reissue(req.userId, req.sessionId, req.orgId || undefined);
    return { accessToken: access.token, accessTokenExpiresAt: timestampFromDate(access.expiresAt) };
  }

  @RpcHandler('auth.session.logout')
  @Authorized()
  async logout(
    @Payload() req: RequestData<'auth.session.logout'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.session.logout'>> {
    assertCaller(caller, req.userId, req.sessionId);
    await this.sessions.logout(req.userId, req.sessionId);
    return {};
  }

  @RpcHandler('auth.session.list')
  @Authorized()
  list(
    @Payload() req: RequestData<'auth.session.list'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.session.list'>> {
    assertCaller(caller, req.userId, req.currentSessionId);
    return this.sessions.list(req.userId, req.currentSessionId);
  }

  @RpcHandler('auth.session.revoke')
  @Authorized()
  async revoke(
    @Payload() req: RequestData<'auth.session.revoke'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.session.revoke'>> {
    assertCaller(caller, req.userId);
    return { revokedCount: await this.sessions.revokeOne(req.userId, req.sessionId) };
  }

  @RpcHandler('auth.session.revoke_others')
  @Authorized()
  async revokeOthers(
    @Payload() req: RequestData<'auth.session.revoke_others'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.session.revoke_others'>> {
    assertCaller(caller, req.userId, req.currentSessionId);
    return { revokedCount: await this.sessions.revokeOthers(req.userId, req.currentSessionId) };
  }
}
