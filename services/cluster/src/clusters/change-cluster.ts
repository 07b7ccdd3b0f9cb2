import { Injectable, Logger } from '@nestjs/common';
import { conflict, unprocessable } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { RunLauncher } from '../runs/run-launcher';
import { isEmptyChange, planChange, type ChangeInput } from './cluster-change';
import { validationFailed } from './cluster-errors';
import { ClusterQueries } from './cluster-queries';
import { DeletingOrganizationsRepository } from '../org-teardown/deleting-organizations.repository';

/**
 * Changes a READY cluster: an apply run with the new node pool sizes and/or the next Kubernetes
 * minor version (the module upgrades the control plane, then the node pool). The run records
 * the change; the cluster takes the new values when it succeeds.
 */
@Injectable()
export class ChangeCluster {
  private readonly logger = new Logger(ChangeCluster.name);

  constructor(
    private readonly queries: ClusterQueries,
    private readonly launcher: RunLauncher,
    private readonly deleting: DeletingOrganizationsRepository,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string, input: ChangeInput) {
    const cluster = await this.queries.get(orgId, clusterId);
    if (cluster.state !== 'READY')
      throw conflict(
        'cluster.invalid_state',
        `A cluster can be changed when READY (it is ${cluster.state}).`,
      );
    const plan = planChange(cluster, input);
    if (!plan.ok) throw validationFailed(plan.errors);
    if (isEmptyChange(plan.changes))
      throw unprocessable(
        'cluster.nothing_to_change',
        'The request changes nothing: give a new node pool size or the next Kubernetes version.',
      );
    await this.deleting.refuseIfDeleting(orgId);
    const run = await this.launcher.startNew(caller, cluster, 'apply', plan.changes);
    this.logger.log(
      { orgId, clusterId, runId: run.id, changes: Object.keys(plan.changes) },
      'cluster change started',
    );
    return run;
  }
}
