import { Injectable, Logger } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { ClusterQueries } from '../clusters/cluster-queries';
import { canDelete } from '../clusters/cluster-state';
import { DeleteCluster } from '../clusters/delete-cluster';
import { AppRunLauncher, busyError } from './app-run-launcher';
import { blocksClusterDelete } from './app-state';
import { AppsRepository } from './apps.repository';

/**
 * Cluster delete, knowing apps: without installed apps, the destroy run; with some, 409
 * cluster.apps_installed, unless `uninstallApps`: then every app's uninstall run starts now,
 * with a pending delete in the same transaction, and DestroyAfterApps starts the destroy once
 * every app is UNINSTALLED. While the pending delete exists the database refuses every app run
 * but an uninstall on the cluster (409 cluster.not_ready).
 */
@Injectable()
export class DeleteClusterWithApps {
  private readonly logger = new Logger(DeleteClusterWithApps.name);

  constructor(
    private readonly clusters: ClusterQueries,
    private readonly deleteCluster: DeleteCluster,
    private readonly apps: AppsRepository,
    private readonly launcher: AppRunLauncher,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string, uninstallApps: boolean) {
    const cluster = await this.clusters.get(orgId, clusterId);
    const live = (await this.apps.list(orgId, clusterId)).filter((a) =>
      blocksClusterDelete(a.state),
    );
    if (live.length === 0)
      return { run: await this.deleteCluster.execute(caller, orgId, clusterId), apps: [] };
    const names = live.map((a) => a.name).join(', ');
    if (!uninstallApps)
      throw conflict(
        'cluster.apps_installed',
        `The cluster has installed apps (${names}). Uninstall them first, or delete with uninstallApps=true to uninstall them and then delete the cluster.`,
      );
    if (!canDelete(cluster.state))
      throw conflict(
        'cluster.invalid_state',
        `A cluster can be deleted when READY, FAILED or CANCELLED (it is ${cluster.state}).`,
      );
    const busy = live.filter((a) => a.runs[0] && ['PENDING', 'RUNNING'].includes(a.runs[0].state));
    if (busy.length > 0)
      throw conflict(
        'cluster.app_busy',
        `Apps are being installed or changed (${busy.map((a) => a.name).join(', ')}); delete the cluster when they are done.`,
      );
    let runIds: string[];
    try {
      runIds = await this.apps.transaction(async (tx) => {
        // The pending delete takes the cluster's row lock first (a trigger): from here no app
        // run but an uninstall starts on the cluster, and an install that committed since the
        // list above is seen here.
        await this.apps.addPendingDelete(tx, { clusterId, orgId, requestedBy: caller.userId });
        const ids: string[] = [];
        const now = (await this.apps.live(tx, clusterId)).filter((a) =>
          blocksClusterDelete(a.state),
        );
        for (const { id } of now) {
          const app = await this.apps.findById(tx, id);
          ids.push((await this.launcher.insert(tx, app, 'uninstall', caller.userId)).id);
        }
        return ids;
      });
    } catch (error) {
      throw busyError(error);
    }
    this.logger.log(
      { orgId, clusterId, apps: live.length, userId: caller.userId },
      'cluster delete waits for its apps’ uninstalls',
    );
    for (const runId of runIds) await this.launcher.launch(runId);
    return { run: undefined, apps: await this.apps.list(orgId, clusterId) };
  }
}
