import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { ClustersRepository } from '../clusters/clusters.repository';
import { CLUSTER_SCHEMA, PrismaService, type Tx } from '../database/prisma.service';
import { RunLauncher } from '../runs/run-launcher';
import { RunsRepository } from '../runs/runs.repository';
import { AppsRepository } from './apps.repository';

/**
 * The continuation of a cluster delete with uninstallApps=true: a durable consumer of
 * evt.cluster.app.state_changed. When an app becomes UNINSTALLED and its cluster has a pending
 * delete and no app left that is not UNINSTALLED, the pending delete is taken and the destroy
 * run inserted in the consumer's transaction (exactly once, inbox); after the commit its Job
 * starts. A redelivery after a crash finds the PENDING destroy run and starts it (idempotent).
 */
@Injectable()
export class DestroyAfterApps implements OnApplicationBootstrap {
  private readonly logger = new Logger(DestroyAfterApps.name);

  constructor(
    private readonly bus: EventBus,
    private readonly prisma: PrismaService,
    private readonly apps: AppsRepository,
    private readonly clusters: ClustersRepository,
    private readonly runs: RunsRepository,
    private readonly launcher: RunLauncher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.consumers<Tx>(this.prisma, CLUSTER_SCHEMA).start({
      durable: 'cluster-destroy-after-apps',
      subject: 'evt.cluster.app.state_changed',
      handle: async (event, tx) => {
        const { clusterId, to } = event.data;
        if (to !== 'UNINSTALLED') return;
        const pending = await this.apps.pendingDelete(tx, clusterId);
        if (!pending) return;
        if ((await this.apps.live(tx, clusterId)).length > 0) return;
        if (!(await this.apps.takePendingDelete(tx, clusterId))) return;
        const cluster = await this.clusters.findById(tx, clusterId);
        await this.launcher.insert(tx, cluster, 'destroy', pending.requestedBy);
        this.logger.log({ clusterId }, 'every app uninstalled: the cluster’s destroy starts');
      },
      afterCommit: async (event) => {
        if (event.data.to !== 'UNINSTALLED') return;
        const run = await this.runs.active(event.data.clusterId);
        if (run && run.action === 'destroy' && run.state === 'PENDING')
          await this.launcher.launch(run.id);
      },
    });
  }
}
