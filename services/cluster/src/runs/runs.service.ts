import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@strata/messaging';
import { encodeLiveLogChunk } from '@strata/proto';
import { Prisma } from '../generated/prisma/client';
import type { ClusterState } from '../generated/prisma/enums';
import { changedColumns, type Changes } from '../clusters/cluster-change';
import { isTerminal, observe, type Observation } from '../clusters/cluster-state';
import { ClustersRepository } from '../clusters/clusters.repository';
import type { Tx } from '../database/prisma.service';
import { RunsRepository } from './runs.repository';
import { lastProgress } from '../runner/job-contract';
import { JOB_RUNNER, type JobRunner, type LogWriter, type RunSink } from '../runner/job-runner';
import { isTransient, Limiter } from './limiter';
import type { ApplyContext, ApplyOutcome, RunKind, RunLogStore } from './run-kind';
import { drainsLogFirst, runRowChange } from './run-transition';

const RUN_END_SUBJECT = {
  SUCCEEDED: 'evt.cluster.run.succeeded',
  FAILED: 'evt.cluster.run.failed',
  CANCELLED: 'evt.cluster.run.cancelled',
} as const;

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
    private readonly clusters: ClustersRepository,
    private readonly bus: EventBus,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
  ) {}

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

  private async applyClusterRun(runId: string, observation: Observation): Promise<ApplyOutcome> {
    const run = await this.runs.find(runId);
    if (!run) return 'absent';
    const transition = observe({ action: run.action, state: run.state }, observation);
    if (!transition) return 'unchanged';
    let logTail: string | null = null;
    if (drainsLogFirst(transition.run, observation)) {
      await this.runner.drainLog(runId, 5000);
      if (transition.run === 'FAILED') logTail = await this.runs.log.tail(runId);
    }
    const outputs =
      observation.kind === 'succeeded' && observation.outputs
        ? (observation.outputs as Prisma.InputJsonValue)
        : undefined;
    const applied = await this.context.transaction(async (tx) => {
      const now = new Date();
      const moved = await this.runs.transition(
        tx,
        runId,
        run.state,
        runRowChange(transition, { logTail, outputs }, now),
      );
      if (!moved) return false; // another process moved it first: decide again
      const cluster = await this.moveCluster(
        tx,
        run.clusterId,
        transition.cluster,
        runId,
        transition.reason,
        {
          outputs: run.action === 'apply' && outputs ? outputs : undefined,
          // A change run's new values become the cluster's once it succeeded.
          columns:
            transition.run === 'SUCCEEDED' ? changedColumns(run.changes as Changes | null) : {},
        },
      );
      const payload = {
        orgId: run.orgId,
        clusterId: run.clusterId,
        clusterName: cluster.name,
        runId,
        action: run.action,
        state: transition.run,
        reason: transition.reason ?? '',
        actorUserId: observation.kind === 'cancelled' ? (observation.by ?? '') : '',
      };
      if (transition.run === 'RUNNING' || (run.state === 'PENDING' && isTerminal(transition.run)))
        await this.bus.outbox!.add(tx, 'evt.cluster.run.started', {
          ...payload,
          state: 'RUNNING',
          actorUserId: run.requestedBy,
        });
      if (isTerminal(transition.run))
        await this.bus.outbox!.add(
          tx,
          RUN_END_SUBJECT[transition.run as keyof typeof RUN_END_SUBJECT],
          payload,
        );
      return true;
    });
    if (!applied) return 'lost';
    this.logger.log(
      { runId, clusterId: run.clusterId, from: run.state, to: transition.run },
      'run state changed',
    );
    return 'applied';
  }

  /** Moves a cluster to `to` (if it is not there already) and emits the state change; answers the cluster as it was. */
  async moveCluster(
    tx: Tx,
    clusterId: string,
    to: ClusterState,
    runId: string,
    reason: string | undefined,
    extra: { outputs?: Prisma.InputJsonValue; columns?: ReturnType<typeof changedColumns> } = {},
  ) {
    const cluster = await this.clusters.findById(tx, clusterId);
    const columns = extra.columns ?? {};
    if (cluster.state === to && !extra.outputs && Object.keys(columns).length === 0) return cluster;
    await this.clusters.update(tx, clusterId, {
      state: to,
      failureReason: to === 'FAILED' ? (reason ?? null) : null,
      ...(extra.outputs ? { outputs: extra.outputs } : {}),
      ...columns,
    });
    if (cluster.state !== to)
      await this.bus.outbox!.add(tx, 'evt.cluster.cluster.state_changed', {
        orgId: cluster.orgId,
        clusterId,
        from: cluster.state,
        to,
        runId,
        reason: reason ?? '',
        clusterName: cluster.name,
      });
    return cluster;
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
    return new RunLogWriter(runId, this.storeOf(runId), this.bus, this.logger);
  }
}

/**
 * One stream of a run's log from its first byte: skips what is already stored (by byte count),
 * then appends chunks (at most every 200 ms or 16 KiB) with their offsets, updates the run's
 * progress from progress lines and publishes each chunk live.
 */
class RunLogWriter implements LogWriter {
  private received = 0;
  private pending = '';
  private stored: Promise<number>;
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly runId: string,
    private readonly found: Promise<{ store: RunLogStore; size: number } | null>,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {
    // An unknown run (another installation's Job) stores nothing: everything counts as stored.
    this.stored = found.then((f) => f?.size ?? Number.MAX_SAFE_INTEGER);
  }

  write(text: string): void {
    this.pending += text;
    if (Buffer.byteLength(this.pending) >= 16 * 1024) this.schedule(0);
    else this.schedule(200);
  }

  private schedule(delay: number) {
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  async end(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.flush());
    await this.flushing;
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    const start = this.received;
    this.received += bytes.length;
    const stored = await this.stored;
    if (this.received <= stored) return; // already stored by an earlier stream
    const fresh = bytes.subarray(Math.max(0, stored - start)).toString('utf8');
    const offset = Math.max(stored, start);
    try {
      const store = (await this.found)!.store;
      const progress = lastProgress(fresh);
      const saved = await store.append(this.runId, offset, fresh, progress);
      if (!saved) {
        this.stored = store.size(this.runId).then((size) => size ?? 0);
        return;
      }
      this.stored = Promise.resolve(offset + Buffer.byteLength(fresh));
      this.bus.nats.publish(
        liveLogSubject(this.runId),
        encodeLiveLogChunk({
          runId: this.runId,
          offset,
          text: fresh,
          progress: progress ?? undefined,
        }),
      );
    } catch (error) {
      this.logger.error({ err: error, runId: this.runId }, 'storing a log chunk failed');
    }
  }
}
