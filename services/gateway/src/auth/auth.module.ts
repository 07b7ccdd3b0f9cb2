import { Module } from '@nestjs/common';
import { AccessTokenVerifier, JwksCache } from '@strata/authn';
import { RpcClient } from '@strata/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { AccessTokenGuard } from './access-token.guard';
import { AuthController } from './auth.controller';
import { CsrfProtection } from './csrf-protection';
import { RevokedSessions } from './revoked-sessions';
import { TokenResponse } from './token-response';

@Module({
  controllers: [AuthController],
  providers: [
    {
      provide: AccessTokenVerifier,
      inject: [RpcClient, GATEWAY_CONFIG],
      useFactory: (rpc: RpcClient, config: GatewayConfig) =>
        new AccessTokenVerifier({
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          // The gateway knows only the JWKS: keys come from auth, tokens are checked here.
          jwks: new JwksCache({
            fetch: async () => {
              const { keys } = await rpc.request('auth.jwks.get', {});
              return { keys: keys.map((k) => ({ ...k })) };
            },
          }),
        }),
    },
    RevokedSessions,
    AccessTokenGuard,
    CsrfProtection,
    TokenResponse,
  ],
  exports: [AccessTokenGuard, AccessTokenVerifier, RevokedSessions, CsrfProtection, TokenResponse],
})
export class AuthModule {}
