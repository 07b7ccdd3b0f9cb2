import { Inject, Injectable, Logger } from '@nestjs/common';
import { conflict } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import type { Principal } from '@strata/authz';
import type { Prisma } from '../generated/prisma/client';
import type { RunAction } from '../generated/prisma/enums';
import type { Changes } from '../clusters/cluster-change';
import { CloudClient } from '../cloud/cloud.client';
import { clusterStateFor } from '../clusters/cluster-state';
import { ClustersRepository, type ClusterRow } from '../clusters/clusters.repository';
import type { Tx } from '../database/prisma.service';
import {
  APP_CLUSTER_RUN_EXCLUSIVE,
  ONE_ACTIVE_RUN_INDEX,
  uniqueViolationOf,
  violates,
} from '../database/unique-violation';
import { runParams } from '../runner/run-params';
import { jobNameFor, JOB_RUNNER, type JobRunner, type RunSpec } from '../runner/job-runner';
import { RunsRepository } from './runs.repository';
import { couldNotStart } from './run-transition';
import { RunsService } from './runs.service';

/** Creates runs (a PENDING row, the cluster's state change) and starts their Jobs. */
@Injectable()
export class RunLauncher {
  private readonly logger = new Logger(RunLauncher.name);

  constructor(
    private readonly clusters: ClustersRepository,
    private readonly runs: RunsRepository,
    private readonly observations: RunsService,
    private readonly cloud: CloudClient,
    private readonly bus: EventBus,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
  ) {}

  /**
   * A new PENDING run in `tx`; the partial unique index refuses a second active run. A change
   * run records what it changes.
   */
  async insert(
    tx: Tx,
    cluster: ClusterRow,
    action: RunAction,
    userId: string,
    changes?: Changes | null,
  ) {
    const id = crypto.randomUUID();
    const run = await this.runs.insert(tx, {
      id,
      clusterId: cluster.id,
      orgId: cluster.orgId,
      action,
      jobName: jobNameFor(action, id),
      requestedBy: userId,
      ...(changes ? { changes: changes as Prisma.InputJsonObject } : {}),
    });
    const to = clusterStateFor(action, 'PENDING');
    if (cluster.state !== to) {
      await this.clusters.setState(tx, cluster.id, to, null);
      await this.bus.outbox!.add(tx, 'evt.cluster.cluster.state_changed', {
        orgId: cluster.orgId,
        clusterId: cluster.id,
        from: cluster.state,
        to,
        runId: id,
        reason: '',
        clusterName: cluster.name,
        actorUserId: userId,
      });
    }
    return run;
  }

  /** A new run of `action` for an existing cluster, started; 409 when one is active already. */
  async startNew(
    caller: Principal,
    cluster: ClusterRow,
    action: RunAction,
    changes?: Changes | null,
  ) {
    let runId: string;
    try {
      runId = await this.clusters.transaction(
        async (tx) => (await this.insert(tx, cluster, action, caller.userId, changes)).id,
      );
    } catch (error) {
      // Only the one-active-run index means "busy"; any other clash is a real error.
      const violation = uniqueViolationOf(error);
      if (violates(violation, ONE_ACTIVE_RUN_INDEX, ['cluster_id']))
        throw conflict('cluster.run_in_progress', 'The cluster already has an active run.');
      // The database refuses a cluster run while an app run of the cluster is active.
      if (violation?.constraint === APP_CLUSTER_RUN_EXCLUSIVE)
        throw conflict(
          'cluster.app_run_in_progress',
          'An app of the cluster is being installed, changed or uninstalled; try again when it ends.',
        );
      throw error;
    }
    await this.launch(runId);
    return this.runs.get(runId);
  }

  /** Starts a PENDING run's Job; a failure to start fails the run with the reason. */
  async launch(runId: string): Promise<void> {
    const run = await this.runs.withCluster(runId);
    const c = run.cluster;
    const spec: RunSpec = {
      runId: run.id,
      clusterId: c.id,
      orgId: c.orgId,
      provider: c.provider,
      action: run.action,
      jobName: run.jobName,
      params: runParams(c, run),
    };
    try {
      if (c.provider !== 'sandbox')
        spec.credentials = await this.cloud.issueCredentials(
          c.orgId,
          c.cloudAccountId!,
          `cluster-run:${run.id}`,
        );
      await this.runner.start(spec);
      this.logger.log(
        { runId, clusterId: c.id, jobName: run.jobName, runner: this.runner.kind },
        'run started',
      );
    } catch (error) {
      this.logger.error({ err: error, runId, clusterId: c.id }, 'run could not start');
      await this.observations.observe(runId, couldNotStart(error));
    }
  }
}
