import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { assertCaller } from '../sessions/assert-caller';
import { toTokenPair } from '../sessions/token-pair';
import { PasswordChangeService } from './password-change.service';
import { RequestPasswordReset } from './request-password-reset';
import { ResetPassword } from './reset-password';

@Controller()
export class PasswordHandlers {
  constructor(
    private readonly passwords: PasswordChangeService,
    private readonly resetRequests: RequestPasswordReset,
    private readonly resets: ResetPassword,
  ) {}

  @RpcHandler('auth.password.change')
  @Authorized()
  async change(
    @Payload() req: RequestData<'auth.password.change'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.password.change'>> {
    assertCaller(caller, req.userId, req.sessionId);
    const client = { ip: req.ip, userAgent: req.userAgent };
    return toTokenPair(await this.passwords.change(req, client));
  }

  @RpcHandler('auth.password.reset_request')
  async requestReset(
    @Payload() req: RequestData<'auth.password.reset_request'>,
  ): Promise<ReplyInit<'auth.password.reset_request'>> {
    await this.resetRequests.request(req.email, req.ip);
    return {};
  }

  @RpcHandler('auth.password.reset')
  async reset(
    @Payload() req: RequestData<'auth.password.reset'>,
  ): Promise<ReplyInit<'auth.password.reset'>> {
    return { userId: await this.resets.reset(req.token, req.newPassword, req.ip) };
  }
}
