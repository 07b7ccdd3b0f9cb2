import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { createLogger } from '@strata/logging';
import { EventBus } from '@strata/messaging';
import { CLOUD_SCHEMA, PrismaService, Tx } from '../database/prisma.service';
import { DeletingOrganizationsRepository } from './deleting-organizations.repository';

/**
 * The cloud service's part of an organization's deletion. On
 * evt.accounts.organization.teardown_requested it refuses creates in the organization from then
 * on; on evt.cluster.organization.cleared (no cluster left, so nothing needs the credentials any
 * more) it deletes every storage connector and cloud account of it, each with its deleted event,
 * and reports evt.cloud.organization.cleared for accounts to delete the organization. Each step
 * runs once per event (the inbox), in one transaction with its events.
 */
@Injectable()
export class OrgTeardownConsumer implements OnApplicationBootstrap {
  private readonly logger = createLogger('cloud').child({ component: 'org-teardown' });

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly deleting: DeletingOrganizationsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumers = this.bus.consumers<Tx>(this.prisma, CLOUD_SCHEMA);
    await consumers.start({
      durable: 'cloud-organization-teardown',
      subject: 'evt.accounts.organization.teardown_requested',
      handle: async (event, tx) => {
        await this.deleting.mark(tx, event.data.orgId, event.data.requestedBy);
      },
    });
    await consumers.start({
      durable: 'cloud-organization-clusters-cleared',
      subject: 'evt.cluster.organization.cleared',
      handle: (event, tx) => this.clear(tx, event.data.orgId, event.data.requestedBy),
    });
  }

  private async clear(tx: Tx, orgId: string, requestedBy: string): Promise<void> {
    await this.deleting.mark(tx, orgId, requestedBy);
    const { connectors, accounts } = await this.deleting.deleteAll(tx, orgId);
    const outbox = this.bus.outbox!;
    for (const c of connectors)
      await outbox.add(tx, 'evt.cloud.connector.deleted', {
        orgId,
        connectorId: c.id,
        actorUserId: requestedBy,
        name: c.name,
      });
    for (const a of accounts)
      await outbox.add(tx, 'evt.cloud.account.deleted', {
        orgId,
        accountId: a.id,
        actorUserId: requestedBy,
        name: a.name,
      });
    await outbox.add(tx, 'evt.cloud.organization.cleared', {
      orgId,
      requestedBy,
      deletedCloudAccounts: accounts.length,
      deletedStorageConnectors: connectors.length,
    });
    this.logger.info(
      { orgId, cloudAccounts: accounts.length, storageConnectors: connectors.length },
      'organization cleared of cloud accounts and connectors',
    );
  }
}
