import { Injectable } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { RunLauncher } from '../runs/run-launcher';
import { ClusterQueries } from './cluster-queries';
import { canDelete } from './cluster-state';

/** Deletes a cluster: a destroy run, from READY, FAILED or CANCELLED. */
@Injectable()
export class DeleteCluster {
  constructor(
    private readonly queries: ClusterQueries,
    private readonly launcher: RunLauncher,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string) {
    const cluster = await this.queries.get(orgId, clusterId);
    if (!canDelete(cluster.state))
      throw conflict(
        'cluster.invalid_state',
        `A cluster can be deleted when READY, FAILED or CANCELLED (it is ${cluster.state}).`,
      );
    return this.launcher.startNew(caller, cluster, 'destroy');
  }
}
