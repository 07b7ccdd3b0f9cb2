import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { toTokenPair } from '../sessions/token-pair';
import { PasswordChangeService } from './password-change.service';

@Controller()
export class PasswordHandlers {
  constructor(private readonly passwords: PasswordChangeService) {}

  @RpcHandler('auth.password.change')
  async change(
    @Payload() req: RequestData<'auth.password.change'>,
  ): Promise<ReplyInit<'auth.password.change'>> {
    const client = { ip: req.ip, userAgent: req.userAgent };
    return toTokenPair(await this.passwords.change(req, client));
  }
}
