import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { toTokenPair } from '../sessions/token-pair';
import { GoogleReauth } from './google-reauth';
import { GoogleSignInService } from './google-signin.service';

@Controller()
export class GoogleHandlers {
  constructor(
    private readonly google: GoogleSignInService,
    private readonly reauth: GoogleReauth,
  ) {}

  @RpcHandler('auth.google.reauth')
  async reauthenticate(
    @Payload() req: RequestData<'auth.google.reauth'>,
  ): Promise<ReplyInit<'auth.google.reauth'>> {
    await this.reauth.confirm(req.userId, req.sessionId, req.googleSub);
    return {};
  }

  @RpcHandler('auth.google.signin')
  async signIn(
    @Payload() req: RequestData<'auth.google.signin'>,
  ): Promise<ReplyInit<'auth.google.signin'>> {
    const identity = { sub: req.googleSub, email: req.email, emailVerified: req.emailVerified };
    const client = { ip: req.ip, userAgent: req.userAgent };
    return toTokenPair(await this.google.signIn(identity, client));
  }
}
