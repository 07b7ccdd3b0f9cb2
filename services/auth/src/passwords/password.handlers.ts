import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { assertCaller } from '../sessions/assert-caller';
import { toTokenPair } from '../sessions/token-pair';
import { PasswordChangeService } from './password-change.service';

@Controller()
export class PasswordHandlers {
  constructor(private readonly passwords: PasswordChangeService) {}

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
}
