import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@strata/messaging';

@ApiTags('auth')
@Controller('api/v1/.well-known')
export class JwksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens' })
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
