import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { CLUSTER_SCHEMA, PrismaService, type Tx } from '../database/prisma.service';
import { AdvanceTeardown } from './advance-teardown';
import { DeletingOrganizationsRepository } from './deleting-organizations.repository';

/**
 * The cluster service's part of an organization's deletion, restart-safe: the request is kept in
 * deleting_organizations (creates are refused from then on) in the inbox's transaction, and the
 * teardown advances after commit, again on every state change of a cluster of a deleting
 * organization, and at start for every unfinished one. A failed step is redelivered.
 */
@Injectable()
export class OrgTeardownConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrgTeardownConsumer.name);

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly deleting: DeletingOrganizationsRepository,
    private readonly advance: AdvanceTeardown,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumers = this.bus.consumers<Tx>(this.prisma, CLUSTER_SCHEMA);
    await consumers.start({
      durable: 'cluster-organization-teardown',
      subject: 'evt.accounts.organization.teardown_requested',
      handle: (event, tx) =>
        this.deleting.mark(
          tx,
          event.data.orgId,
          event.data.requestedBy,
          new Date(event.occurredAt),
        ),
      afterCommit: (event) => this.advance.execute(event.data.orgId),
    });
    await consumers.start({
      durable: 'cluster-organization-teardown-progress',
      subject: 'evt.cluster.cluster.state_changed',
      // Every cluster's every state change: no inbox transaction for a step that is idempotent
      // and rereads the state (and is nothing outside a deleting organization).
      inbox: false,
      handle: async () => undefined,
      afterCommit: (event) => this.advance.execute(event.data.orgId),
    });
    for (const teardown of await this.deleting.unfinished()) {
      this.advance
        .execute(teardown.orgId)
        .catch((err: unknown) =>
          this.logger.error({ err, orgId: teardown.orgId }, 'resuming a teardown failed'),
        );
    }
  }
}
