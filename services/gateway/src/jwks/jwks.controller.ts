import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@strata/messaging';
import { jwks } from '../auth/auth.schemas';
import { Api } from '../openapi/api.decorator';

@ApiTags('auth')
@Controller('api/v1/.well-known')
export class JwksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @Api({ summary: 'Public keys that verify access tokens', status: 200, ok: jwks })
  async jwks() {
    const reply = await this.rpc.request('auth.jwks.get', {});
    return {
      keys: reply.keys.map((k) =>
        Object.fromEntries(
          Object.entries({
            kty: k.kty,
            crv: k.crv,
            x: k.x,
            y: k.y,
            kid: k.kid,
            alg: k.alg,
            use: k.use,
          }).filter(([, v]) => v),
        ),
      ),
    };
  }
}
