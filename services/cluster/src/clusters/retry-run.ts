import { Injectable } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { DeletingOrganizationsRepository } from '../org-teardown/deleting-organizations.repository';
import { RunLauncher } from '../runs/run-launcher';
import { ClusterQueries } from './cluster-queries';
import type { Changes } from './cluster-change';
import { canRetry } from './cluster-state';

/** Retries a cluster's failed run: a new run of the same action. */
@Injectable()
export class RetryRun {
  constructor(
    private readonly queries: ClusterQueries,
    private readonly launcher: RunLauncher,
    private readonly deleting: DeletingOrganizationsRepository,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string) {
    const cluster = await this.queries.get(orgId, clusterId);
    const last = await this.queries.latestRun(orgId, clusterId);
    if (!last || !canRetry(cluster.state, { action: last.action, state: last.state }))
      throw conflict(
        'cluster.nothing_to_retry',
        'Only a cluster whose last run failed can be retried.',
      );
    // No new apply in an organization being deleted (its teardown would cancel it anyway); a
    // failed destroy may be retried.
    if (last.action === 'apply') await this.deleting.refuseIfDeleting(orgId);
    // A failed change is retried as the same change (the cluster still has the old values).
    return this.launcher.startNew(caller, cluster, last.action, last.changes as Changes | null);
  }
}
