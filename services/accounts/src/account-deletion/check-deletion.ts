import { Inject, Injectable } from '@nestjs/common';
import { INTERNAL_TOKEN_HEADER } from '@strata/authz';
import { conflict } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';
import { AccountDeletionRepository } from './account-deletion.repository';
import { Blocker, deletionPlan, soleMemberOrgs } from './deletion-plan';

const quoted = (blockers: Blocker[]) => blockers.map((b) => `"${b.name}"`).join(', ');

/**
 * Whether the user may delete their account now: not while they are the last owner of an
 * organization that has other members, nor while an organization that would go with the account
 * still holds clusters, cloud accounts or storage connectors (cluster and cloud are asked).
 */
@Injectable()
export class CheckDeletion {
  constructor(
    private readonly repository: AccountDeletionRepository,
    private readonly rpc: RpcClient,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
  ) {}

  async assertDeletable(userId: string): Promise<void> {
    const memberships = await this.repository.memberships(this.repository.prisma, userId);
    const plan = deletionPlan(memberships, await this.inUse(soleMemberOrgs(memberships)));
    if (plan.blockers.length === 0) return;
    const shared = plan.blockers.filter((b) => b.reason === 'members');
    const busy = plan.blockers.filter((b) => b.reason === 'resources');
    const reasons = [
      shared.length &&
        `you are the last owner of ${quoted(shared)}, which others still use: make someone else ` +
          'an owner there (or remove the other members)',
      busy.length &&
        `${quoted(busy)} still has clusters, cloud accounts or storage connectors: delete them`,
    ].filter(Boolean);
    throw conflict(
      'accounts.last_owner',
      `Your account cannot be deleted yet: ${reasons.join('; ')}. Then try again.`,
    );
  }

  private async inUse(orgIds: string[]): Promise<Set<string>> {
    if (orgIds.length === 0) return new Set();
    const options = { headers: { [INTERNAL_TOKEN_HEADER]: this.config.ORG_USAGE_TOKEN ?? '' } };
    const replies = await Promise.all([
      this.rpc.request('cluster.org.usage', { orgIds }, options),
      this.rpc.request('cloud.org.usage', { orgIds }, options),
    ]);
    return new Set(replies.flatMap((r) => r.orgIdsInUse));
  }
}
