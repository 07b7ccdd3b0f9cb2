import { Controller } from '@nestjs/common';
import { ReplyInit, RpcHandler } from '@strata/messaging';
import { SigningKeysService } from './signing-keys.service';

@Controller()
export class KeysHandlers {
  constructor(private readonly keys: SigningKeysService) {}

  @RpcHandler('auth.jwks.get')
  async jwks(): Promise<ReplyInit<'auth.jwks.get'>> {
    const keys = await this.keys.jwks();
    return {
      keys: keys.map((k) => ({
        kty: k.kty ?? '',
        crv: k.crv ?? '',
        x: k.x ?? '',
        y: k.y ?? '',
        kid: k.kid ?? '',
        alg: k.alg ?? '',
        use: k.use ?? '',
      })),
    };
  }
}
