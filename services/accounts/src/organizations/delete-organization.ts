import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@strata/authz';
import { EventBus } from '@strata/messaging';
import { actingMember } from '../members/memberships';
import { isEmpty, notEmpty, personalOrgKept } from './organization-deletion';
import { OrganizationLeftovers } from './organization-leftovers';
import { OrganizationLifecycleRepository } from './organization-lifecycle.repository';

/**
 * An owner deletes an organization. Refused while it holds clusters, cloud accounts or storage
 * connectors, unless `teardown`. Either way it becomes DELETING (nothing new may be made in it)
 * and evt.accounts.organization.teardown_requested starts the saga: the cluster service destroys
 * what is left, the cloud service deletes its accounts and connectors, and accounts deletes the
 * organization when the cloud service reports it cleared (OrganizationTeardownConsumer). Asking
 * again (a destroy failed, say) sends the event again; every step is idempotent.
 */
@Injectable()
export class DeleteOrganization {
  private readonly logger = new Logger(DeleteOrganization.name);

  constructor(
    private readonly orgs: OrganizationLifecycleRepository,
    private readonly leftovers: OrganizationLeftovers,
    private readonly bus: EventBus,
  ) {}

  async run(caller: Principal, orgId: string, teardown: boolean) {
    const prisma = this.orgs.prisma;
    const org = await prisma.$transaction(async (tx) => {
      await actingMember(tx, orgId, caller.userId, 'org.delete');
      return this.orgs.organization(tx, orgId);
    });
    if (org.personal) throw personalOrgKept();
    if (!teardown) {
      const left = await this.leftovers.of(caller, orgId);
      if (!isEmpty(left)) throw notEmpty(left);
    }
    const deleting = await prisma.$transaction(async (tx) => {
      const { role } = await actingMember(tx, orgId, caller.userId, 'org.delete');
      const marked = await this.orgs.markDeleting(tx, orgId, caller.userId);
      await this.bus.outbox!.add(tx, 'evt.accounts.organization.teardown_requested', {
        orgId,
        requestedBy: caller.userId,
        orgName: marked.name,
      });
      return { org: marked, role };
    });
    this.logger.log({ orgId, userId: caller.userId, teardown }, 'organization deletion requested');
    return deleting;
  }
}
