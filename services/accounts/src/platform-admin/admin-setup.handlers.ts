import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { ClaimPlatformAdmin } from './claim-platform-admin';

@Controller()
export class AdminSetupHandlers {
  constructor(private readonly admins: ClaimPlatformAdmin) {}

  @RpcHandler('accounts.admin.setup')
  @Authorized()
  async setup(
    @Payload() req: RequestData<'accounts.admin.setup'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.admin.setup'>> {
    await this.admins.claim(caller, req.token);
    return {};
  }
}
