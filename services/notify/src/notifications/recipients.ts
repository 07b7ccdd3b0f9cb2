import { Inject, Injectable } from '@nestjs/common';
import { RpcClient } from '@strata/messaging';
import { Role } from '@strata/proto';
import { NOTIFY_CONFIG, NotifyConfig } from '../config';

export interface Recipient {
  userId: string;
  email: string;
}

const INTERNAL_TOKEN_HEADER = 'x-strata-internal-token';

/** Who to notify, asked of accounts (internal accounts.recipient.list, service credential). */
@Injectable()
export class Recipients {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(NOTIFY_CONFIG) private readonly config: NotifyConfig,
  ) {}

  /** The organization's members with one of `roles` (every member when empty). */
  orgMembers(orgId: string, roles: Role[] = []): Promise<Recipient[]> {
    return this.ask({ orgId, roles });
  }

  /** One user (nobody when the profile is gone or disabled). */
  user(userId: string): Promise<Recipient[]> {
    return this.ask({ userIds: [userId] });
  }

  private async ask(req: { orgId?: string; roles?: Role[]; userIds?: string[] }) {
    const reply = await this.rpc.request('accounts.recipient.list', req, {
      headers: { [INTERNAL_TOKEN_HEADER]: this.config.ACCOUNTS_INTERNAL_TOKEN ?? '' },
    });
    return reply.recipients.map((r) => ({ userId: r.userId, email: r.email }));
  }
}
