import { Injectable } from '@nestjs/common';
import { conflict } from '@strata/errors';
import { AccountDeletionRepository } from './account-deletion.repository';
import { deletionPlan } from './deletion-plan';

/**
 * Whether the user may delete their account now: not while they are the last owner of an
 * organization that has other members (they make someone else an owner, or remove the others,
 * first). Organizations only they are in go with the account.
 */
@Injectable()
export class CheckDeletion {
  constructor(private readonly repository: AccountDeletionRepository) {}

  async assertDeletable(userId: string): Promise<void> {
    const plan = deletionPlan(await this.repository.memberships(this.repository.prisma, userId));
    if (plan.blockers.length === 0) return;
    const names = plan.blockers.map((b) => `"${b.name}"`).join(', ');
    throw conflict(
      'accounts.last_owner',
      `You are the last owner of ${names}, which others still use: make someone else an owner ` +
        'there (or remove the other members) before deleting your account.',
    );
  }
}
