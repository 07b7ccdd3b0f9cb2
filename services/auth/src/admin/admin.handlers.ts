import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { UserDisablingService } from './user-disabling.service';

@Controller()
export class AdminHandlers {
  constructor(private readonly disabling: UserDisablingService) {}

  @RpcHandler('auth.user.disable')
  @Authorized('platform.users.disable')
  async disable(
    @Payload() req: RequestData<'auth.user.disable'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'auth.user.disable'>> {
    return { revokedSessions: await this.disabling.disable(req.userId, caller.userId) };
  }
}
