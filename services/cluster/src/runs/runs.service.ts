import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { encodeLiveLogChunk } from '@strata/proto';
import type { Observation } from '../clusters/cluster-state';
import { RunsRepository } from './runs.repository';
import { JOB_RUNNER, type JobRunner, type LogWriter, type RunSink } from '../runner/job-runner';
import { isTransient, Limiter } from './limiter';
import type { ApplyContext, ApplyOutcome, RunKind, RunLogStore } from './run-kind';
import { CLUSTER_CONFIG, type ClusterConfig } from '../config';
import { mayEnd, mayFail } from './cluster-run-transition';
import {
  RunTransitionsRepository,
  type TransitionRequest,
  type TransitionResult,
} from './run-transitions.repository';
import { TransactionBatcher } from './transaction-batcher';
import { RunLogWriter } from './run-log-writer';

/**
 * Live log lines for the browser (core NATS, not persisted there): `cluster.run.log.<runId>`,
 * strata.cluster.v1.LiveLogChunk.
 */
export const liveLogSubject = (runId: string) => `cluster.run.log.${runId}`;

/**
 * Applies what the runner observes to the database (the run and its cluster, with their
 * events in the same transaction) and stores each run's log as chunks with byte offsets.
 * A transition is applied with a compare-and-set on the run's state, so repeated or
 * concurrent observations (relists, restarts) never apply it twice. Other kinds of runs (app
 * runs) register a RunKind: they share the runner, this serialisation, retries and log writer.
 */
@Injectable()
export class RunsService implements RunSink {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly bus: EventBus,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    transitions: RunTransitionsRepository,
    @Inject(CLUSTER_CONFIG) config: ClusterConfig,
  ) {
    this.batcher = new TransactionBatcher((batch) => transitions.applyBatch(batch), {
      maxBatch: config.CLUSTER_TRANSITIONS_BATCH,
      keyOf: (request) => request.runId,
    });
  }

  private readonly kinds: RunKind[] = [];

  /** Another kind of run followed by the same runner (app runs). */
  register(kind: RunKind): void {
    this.kinds.push(kind);
  }

  /** Every kind's unfinished runs (cluster runs first), for the runner's reconcile. */
  async unfinished(): Promise<Array<{ runId: string; jobName: string }>> {
    const own = await this.runs.unfinished();
    const others = await Promise.all(this.kinds.map((k) => k.unfinished()));
    return [...own.map((r) => ({ runId: r.id, jobName: r.jobName })), ...others.flat()];
  }

  private readonly context: ApplyContext = {
    drainLog: (runId) => this.runner.drainLog(runId, 5000),
    transaction: (fn) => this.transactions.run(() => this.runs.transaction(fn)),
  };

  /** Observations of one run are applied one after the other (in this process). */
  private readonly chains = new Map<string, Promise<void>>();
  /** Transitions in flight at once (each holds a pooled connection; the pool has 10). */
  private readonly transactions = new Limiter(6);

  observe(runId: string, observation: Observation): Promise<void> {
    const previous = this.chains.get(runId) ?? Promise.resolve();
    const next = previous.then(() => this.applyRetrying(runId, observation));
    const settled = next.catch(() => undefined);
    this.chains.set(runId, settled);
    void settled.then(() => {
      if (this.chains.get(runId) === settled) this.chains.delete(runId);
    });
    return next;
  }

  /**
   * A transient database failure (pool timeout, conflict, lost connection) is tried again, in
   * the run's chain, so the observation is neither lost nor overtaken by a later one.
   */
  private async applyRetrying(runId: string, observation: Observation): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(runId, observation, 3);
      } catch (error) {
        if (!isTransient(error) || attempt >= 6) throw error;
        this.logger.warn(
          { err: error, runId, kind: observation.kind, attempt },
          'applying an observation failed; retrying',
        );
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5000)));
      }
    }
  }

  private async apply(runId: string, observation: Observation, attempts: number): Promise<void> {
    let outcome = await this.applyClusterRun(runId, observation);
    for (const kind of this.kinds) {
      if (outcome !== 'absent') break;
      outcome = await kind.apply(runId, observation, this.context);
    }
    // 'absent': a Job of another installation or of a deleted cluster.
    if (outcome === 'lost' && attempts > 1) await this.apply(runId, observation, attempts - 1);
  }

  /**
   * Cluster runs' transitions go through the batcher: the observations of all runs that arrive
   * within one tick (and while a batch is being written) are applied in one transaction of
   * plain SQL (RunTransitionsRepository). A run's observations are applied one after the other
   * (its chain), so a run is never twice in one batch.
   */
  private readonly batcher: TransactionBatcher<TransitionRequest, TransitionResult>;

  private async applyClusterRun(runId: string, observation: Observation): Promise<ApplyOutcome> {
    // An end waits for the log stream to end (the stored log is whole), and a failure keeps the
    // stored log's tail: both read before the transaction, as they take time.
    let logTail: string | null = null;
    if (mayEnd(observation)) {
      await this.runner.drainLog(runId, 5000);
      if (mayFail(observation)) logTail = await this.runs.log.tail(runId);
    }
    const outputs = observation.kind === 'succeeded' ? observation.outputs : undefined;
    const result = await this.batcher.submit({
      runId,
      observation,
      extra: { logTail, ...(outputs ? { outputs } : {}) },
    });
    if (result.outcome !== 'applied') return result.outcome;
    const { run } = result.plan;
    this.logger.log(
      { runId, clusterId: run.clusterId, from: run.from, to: run.state },
      'run state changed',
    );
    return 'applied';
  }

  /** Cluster runs' log: run_log_chunks, the size and progress on the run's row. */
  private get clusterLog(): RunLogStore {
    return this.runs.log;
  }

  /** The log store of the run's kind (cluster runs first), or null for an unknown run. */
  private async storeOf(runId: string): Promise<{ store: RunLogStore; size: number } | null> {
    for (const store of [this.clusterLog, ...this.kinds.map((k) => k.log)]) {
      const size = await store.size(runId);
      if (size !== null) return { store, size };
    }
    return null;
  }

  openLog(runId: string): LogWriter {
    return new RunLogWriter(
      runId,
      () => this.storeOf(runId),
      ({ offset, text, progress }) =>
        this.bus.nats.publish(
          liveLogSubject(runId),
          encodeLiveLogChunk({ runId, offset, text, progress: progress ?? undefined }),
        ),
      this.logger,
    );
  }
}
