import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { RegistrationService } from './registration.service';

@Controller()
export class RegistrationHandlers {
  constructor(private readonly registration: RegistrationService) {}

  @RpcHandler('auth.user.register')
  async register(
    @Payload() req: RequestData<'auth.user.register'>,
  ): Promise<ReplyInit<'auth.user.register'>> {
    await this.registration.register(req.email, req.password, req.ip);
    return {};
  }

  @RpcHandler('auth.email.verify')
  async verify(
    @Payload() req: RequestData<'auth.email.verify'>,
  ): Promise<ReplyInit<'auth.email.verify'>> {
    return { userId: await this.registration.verify(req.token) };
  }

  @RpcHandler('auth.email.resend')
  async resend(
    @Payload() req: RequestData<'auth.email.resend'>,
  ): Promise<ReplyInit<'auth.email.resend'>> {
    await this.registration.resend(req.email);
    return {};
  }
}
