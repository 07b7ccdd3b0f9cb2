import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { ACCOUNTS_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { OrganizationLifecycleRepository } from './organization-lifecycle.repository';

/**
 * The last step of an organization's deletion: once the cloud service reports it cleared (after
 * the cluster service destroyed every cluster), the organization goes with its memberships and
 * invitations, and evt.accounts.organization.deleted says so. Once per event (the inbox); a
 * repeated report finds nothing DELETING and does nothing.
 */
@Injectable()
export class OrganizationTeardownConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrganizationTeardownConsumer.name);

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly orgs: OrganizationLifecycleRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, ACCOUNTS_SCHEMA).start({
      durable: 'accounts-organization-cleared',
      subject: 'evt.cloud.organization.cleared',
      handle: async (event, tx) => {
        const deleted = await this.orgs.deleteIfDeleting(tx, event.data.orgId);
        if (!deleted) return;
        const deletedBy = deleted.org.deletionRequestedBy ?? event.data.requestedBy;
        // Each membership ended: tokens naming the organization go stale at the gateways.
        for (const userId of deleted.memberUserIds)
          await this.bus.outbox!.add(tx, 'evt.accounts.member.removed', {
            orgId: deleted.org.id,
            userId,
            left: false,
            actorUserId: deletedBy,
          });
        await this.bus.outbox!.add(tx, 'evt.accounts.organization.deleted', {
          orgId: deleted.org.id,
          orgName: deleted.org.name,
          deletedBy,
          memberUserIds: deleted.memberUserIds,
        });
        this.logger.log(
          { orgId: deleted.org.id, members: deleted.memberUserIds.length },
          'organization deleted',
        );
      },
    });
  }
}
