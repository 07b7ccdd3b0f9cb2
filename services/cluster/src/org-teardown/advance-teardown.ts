import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@strata/authz';
import { DomainError } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { CancelRun } from '../clusters/cancel-run';
import { DeleteCluster } from '../clusters/delete-cluster';
import { DeletingOrganizationsRepository } from './deleting-organizations.repository';
import { teardownStep } from './teardown-step';

/** The owner who asked, as the caller of the destroys (their runs name them as requester). */
const ownerPrincipal = (orgId: string, userId: string): Principal => ({
  userId,
  sessionId: '',
  email: '',
  emailVerified: true,
  orgId,
  role: 'owner',
  platformAdmin: false,
  accessToken: '',
});

/** A 409 from a use case means another step got there first (a run started, a state moved). */
const isConflict = (error: unknown) => error instanceof DomainError && error.status === 409;

/**
 * One step of an organization's teardown, run whenever something may have changed (the request,
 * any state change of a cluster of it, the service's start): cancel running applies, start a
 * destroy run for every cluster at rest (as a cluster delete does), and once none is left report
 * evt.cluster.organization.cleared (once). Safe to run any number of times, concurrently too:
 * the one-active-run index and compare-and-set transitions keep each action single.
 */
@Injectable()
export class AdvanceTeardown {
  private readonly logger = new Logger(AdvanceTeardown.name);

  constructor(
    private readonly deleting: DeletingOrganizationsRepository,
    private readonly cancelRun: CancelRun,
    private readonly deleteCluster: DeleteCluster,
    private readonly bus: EventBus,
  ) {}

  async execute(orgId: string): Promise<void> {
    const teardown = await this.deleting.find(orgId);
    if (!teardown || teardown.clearedAt) return;
    const clusters = await this.deleting.liveClusters(orgId);
    const owner = ownerPrincipal(orgId, teardown.requestedBy);
    for (const cluster of clusters) {
      const step = teardownStep(cluster, cluster.runs[0], teardown.requestedAt);
      try {
        if (step === 'cancel') await this.cancelRun.execute(orgId, cluster.id, owner.userId);
        if (step === 'destroy') await this.deleteCluster.execute(owner, orgId, cluster.id);
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
      if (step !== 'wait')
        this.logger.log({ orgId, clusterId: cluster.id, step }, 'organization teardown step');
    }
    if (clusters.length > 0) return;
    const cleared = await this.deleting.transaction(async (tx) => {
      const done = await this.deleting.clearIfEmpty(tx, orgId);
      if (done)
        await this.bus.outbox!.add(tx, 'evt.cluster.organization.cleared', {
          orgId,
          requestedBy: done.requestedBy,
        });
      return done !== undefined;
    });
    if (cleared) this.logger.log({ orgId }, 'organization cleared of clusters');
  }
}
