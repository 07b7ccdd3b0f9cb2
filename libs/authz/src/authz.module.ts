import { DynamicModule, Global, Module } from '@nestjs/common';
import { AccessTokenVerifier, JwksCache } from '@strata/authn';
import { RpcClient } from '@strata/messaging';
import { RpcAuthGuard } from './rpc-auth.guard';

export interface AuthzOptions {
  issuer: string;
  audience: string;
}

/** Token verification against auth's JWKS (fetched over NATS) and the RPC guard, for any service. */
@Global()
@Module({})
export class AuthzModule {
  static forRoot(options: AuthzOptions): DynamicModule {
    return {
      module: AuthzModule,
      providers: [
        {
          provide: AccessTokenVerifier,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) =>
            new AccessTokenVerifier({
              ...options,
              jwks: new JwksCache({
                fetch: async () => {
                  const { keys } = await rpc.request('auth.jwks.get', {});
                  return { keys: keys.map((key) => ({ ...key })) };
                },
              }),
            }),
        },
        RpcAuthGuard,
      ],
      exports: [AccessTokenVerifier, RpcAuthGuard],
    };
  }
}
