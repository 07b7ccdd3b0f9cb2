import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from '@strata/config';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { opaqueToken } from '../auth/dto/auth.dto';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ZodBody } from '../http/zod-body.pipe';
import { jsonSchema } from '../openapi/json-schema';

const adminSetupBody = z.strictObject({ token: opaqueToken });
type AdminSetupBody = z.infer<typeof adminSetupBody>;

@ApiTags('admin')
@Controller('api/v1/admin/setup')
@UseGuards(AccessTokenGuard)
export class AdminSetupController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Production: become the first platform admin with the one-time setup token from the log ' +
      '(refresh the session to get the admin claim)',
  })
  @ApiBody({ schema: jsonSchema(adminSetupBody) })
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
