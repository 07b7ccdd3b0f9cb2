import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { Tx } from '../database/prisma.service';
import { AuditRepository } from '../audit/audit.repository';
import { AccountDeletionRepository } from './account-deletion.repository';
import { deletionPlan } from './deletion-plan';

/**
 * On `evt.auth.user.deleted`: the identity is already gone, so this always completes. The
 * organizations only the user was in are deleted, the user's other memberships end
 * (`evt.accounts.member.removed`, so gateways refuse stale tokens), the profile goes, and
 * `evt.accounts.profile.deleted` (the user id only) tells the rest. The platform-admin claim row
 * keeps the id as a tombstone, so "first user" is never handed out again; the audit log keeps it
 * too, with the user's email taken out of every entry that named it.
 */
@Injectable()
export class EraseProfile {
  private readonly logger = new Logger(EraseProfile.name);

  constructor(
    private readonly repository: AccountDeletionRepository,
    private readonly audit: AuditRepository,
    private readonly bus: EventBus,
  ) {}

  async erase(tx: Tx, userId: string): Promise<void> {
    const profile = await this.repository.lockProfile(tx, userId);
    if (!profile) {
      this.logger.debug({ userId }, 'no profile to erase');
      return;
    }
    const plan = deletionPlan(await this.repository.memberships(tx, userId));
    // The check before the deletion passed; a blocker now means a race (someone joined since).
    // The identity is gone either way: the organization keeps its members and loses its owner.
    for (const blocker of plan.blockers)
      this.logger.warn({ userId, orgId: blocker.orgId }, 'deleted user was the last owner');
    await this.repository.eraseOrganizations(tx, plan.erase);
    for (const orgId of [...plan.leave, ...plan.blockers.map((b) => b.orgId)])
      await this.bus.outbox!.add(tx, 'evt.accounts.member.removed', { orgId, userId, left: true });
    // The audit log keeps the user id, never the address (an audit entry recorded after this, of
    // an invitation the user accepted, is cleared when the audit consumer sees profile.deleted).
    const forgotten = await this.audit.forgetUser(tx, userId, profile.email);
    await this.repository.eraseProfile(tx, userId);
    await this.bus.outbox!.add(tx, 'evt.accounts.profile.deleted', { userId });
    this.logger.log(
      {
        userId,
        erasedOrgs: plan.erase.length,
        leftOrgs: plan.leave.length,
        auditEntriesCleared: forgotten,
      },
      'profile erased',
    );
  }
}
