import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from '@strata/config';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { opaqueToken } from '../auth/dto/auth.dto';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ZodBody } from '../http/zod-body.pipe';
import { Api } from '../openapi/api.decorator';

const adminSetupBody = z.strictObject({ token: opaqueToken });
type AdminSetupBody = z.infer<typeof adminSetupBody>;

@ApiTags('admin')
@Controller('api/v1/admin/setup')
@UseGuards(AccessTokenGuard)
export class AdminSetupController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  @Api({
    summary:
      'Production: become the first platform admin with the one-time setup token from the log ' +
      '(refresh the session to get the admin claim)',
    status: 200,
    body: adminSetupBody,
    ok: z.object({ platformAdmin: z.literal(true) }),
    errors: ['accounts.setup_token_invalid'],
  })
  async setup(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodBody(adminSetupBody)) body: AdminSetupBody,
  ) {
    await this.rpc.request(
      'accounts.admin.setup',
      { token: body.token },
      { accessToken: principal.accessToken },
    );
    return { platformAdmin: true };
  }
}
