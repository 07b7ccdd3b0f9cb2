import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, Principal } from '@strata/authz';
import { forbidden } from '@strata/errors';
import { ReplyInit, RequestData, RpcHandler } from '@strata/messaging';
import { CheckDeletion } from './check-deletion';

@Controller()
export class AccountDeletionHandlers {
  constructor(private readonly check: CheckDeletion) {}

  /** Asked by auth with the user's own token, before it deletes the identity. */
  @RpcHandler('accounts.deletion.check')
  @Authorized()
  async checkDeletion(
    @Payload() req: RequestData<'accounts.deletion.check'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'accounts.deletion.check'>> {
    if (caller.userId !== req.userId)
      throw forbidden('platform.forbidden', 'You can only act on your own account.');
    await this.check.assertDeletable(req.userId);
    return {};
  }
}
