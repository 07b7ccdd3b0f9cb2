import { Inject, Injectable, Logger } from '@nestjs/common';
import { conflict } from '@strata/errors';
import { CLUSTER_CONFIG, type ClusterConfig } from '../config';
import { JOB_RUNNER, type JobRunner } from '../runner/job-runner';
import { RunsRepository } from '../runs/runs.repository';
import { RunsService } from '../runs/runs.service';
import { ClusterQueries } from './cluster-queries';
import { canCancel } from './cluster-state';

/** Cancels a cluster's running apply: the run is CANCELLED, then its Job deleted. */
@Injectable()
export class CancelRun {
  private readonly logger = new Logger(CancelRun.name);

  constructor(
    private readonly queries: ClusterQueries,
    private readonly runs: RunsRepository,
    private readonly observations: RunsService,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(CLUSTER_CONFIG) private readonly config: ClusterConfig,
  ) {}

  /** `by`: the user who cancels (named in evt.cluster.run.cancelled). */
  async execute(orgId: string, clusterId: string, by?: string) {
    await this.queries.get(orgId, clusterId);
    const run = await this.runs.active(clusterId);
    if (!run || !canCancel({ action: run.action, state: run.state }))
      throw conflict('cluster.nothing_to_cancel', 'The cluster has no running apply to cancel.');
    // The run is CANCELLED first, so the Job's deletion seen by the watch changes nothing.
    await this.observations.observe(run.id, { kind: 'cancelled', by });
    await this.runner.cancel(
      { runId: run.id, jobName: run.jobName },
      this.config.CLUSTER_CANCEL_GRACE_SECONDS,
    );
    this.logger.log({ runId: run.id, clusterId }, 'run cancelled');
    return this.runs.get(run.id);
  }
}
