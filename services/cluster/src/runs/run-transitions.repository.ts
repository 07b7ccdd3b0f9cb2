import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { poolConfigFor } from '@strata/database';
import { DIRECT_PUBLISH_LEASE_MS, EventBus } from '@strata/messaging';
import { CLUSTER_CONFIG, type ClusterConfig } from '../config';
import { CLUSTER_SCHEMA } from '../database/prisma.service';
import type { Observation } from '../clusters/cluster-state';
import {
  planClusterRunTransition,
  type TransitionExtra,
  type TransitionPlan,
  type TransitionSource,
} from './cluster-run-transition';

/** One observation of a cluster run, to be applied in a batch. */
export interface TransitionRequest {
  runId: string;
  observation: Observation;
  extra: TransitionExtra;
}

/**
 * 'absent': no such cluster run (an app run's Job, another installation's); 'lost': moved by
 * another process between the read and the write (decide again).
 */
export type TransitionResult =
  | { outcome: 'applied'; plan: TransitionPlan }
  | { outcome: 'unchanged' }
  | { outcome: 'absent' }
  | { outcome: 'lost' };

// Named: prepared once per connection, so parse and plan are not paid per batch.
const LOAD = {
  name: 'cluster_runs_load',
  text: `SELECT r.id, r.cluster_id, r.org_id, r.action::text AS action, r.state::text AS state,
                r.requested_by, r.changes,
                c.org_id AS cluster_org_id, c.name AS cluster_name, c.state::text AS cluster_state
           FROM runs r JOIN clusters c ON c.id = r.cluster_id
          WHERE r.id = ANY($1::uuid[])`,
};

/**
 * The whole batch's writes in one statement (data-modifying CTEs, one implicit transaction): the
 * runs moved with a compare-and-set on the state each was read in; only for the runs that moved,
 * their clusters' rows and their outbox rows. The outbox rows are leased to this process
 * (`publish_after`, DIRECT_PUBLISH_LEASE_MS), which publishes them right after the commit,
 * unless the outbox already holds rows the relay is due to publish (`relayed`): then they go
 * through the relay after those (notified), so events never overtake older ones.
 */
const writeSql = (outboxTable: string) => `
  WITH moved AS (
    UPDATE runs r SET
      state = v.state::run_state,
      started_at = CASE WHEN v.started THEN $10::timestamptz ELSE r.started_at END,
      finished_at = CASE WHEN v.finished THEN $10::timestamptz ELSE r.finished_at END,
      failure_reason = COALESCE(v.failure_reason, r.failure_reason),
      log_tail = COALESCE(v.log_tail, r.log_tail),
      outputs = COALESCE(v.outputs::jsonb, r.outputs),
      progress_percent = CASE WHEN v.complete THEN 100 ELSE r.progress_percent END
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::bool[], $8::bool[], $9::bool[])
         AS v(id, from_state, state, failure_reason, log_tail, outputs, started, finished, complete)
    WHERE r.id = v.id AND r.state = v.from_state::run_state
    RETURNING r.id
  ), clusters_moved AS (
    UPDATE clusters c SET
      state = v.state::cluster_state,
      failure_reason = v.failure_reason,
      outputs = COALESCE(v.outputs::jsonb, c.outputs),
      node_min_size = COALESCE(v.node_min_size, c.node_min_size),
      node_max_size = COALESCE(v.node_max_size, c.node_max_size),
      kubernetes_version = COALESCE(v.kubernetes_version, c.kubernetes_version),
      updated_at = $10::timestamptz
    FROM unnest($11::uuid[], $12::uuid[], $13::text[], $14::text[], $15::text[], $16::int[],
                $17::int[], $18::text[])
         AS v(id, run_id, state, failure_reason, outputs, node_min_size, node_max_size,
              kubernetes_version)
    WHERE c.id = v.id AND v.run_id IN (SELECT id FROM moved)
    RETURNING c.id
  ), backlog AS (
    SELECT EXISTS (
      SELECT 1 FROM ${outboxTable}
       WHERE published_at IS NULL AND (publish_after IS NULL OR publish_after <= now())
    ) AS relayed
  ), events AS (
    INSERT INTO ${outboxTable} (id, subject, payload, headers, publish_after)
    SELECT e.id, e.subject, e.payload::jsonb, e.headers::jsonb,
           CASE WHEN b.relayed THEN NULL
                ELSE now() + make_interval(secs => $25::int / 1000.0) END
      FROM unnest($19::uuid[], $20::uuid[], $21::text[], $22::text[], $23::text[])
           AS e(id, run_id, subject, payload, headers), backlog b
     WHERE e.run_id IN (SELECT id FROM moved)
    RETURNING id
  )
  SELECT m.id,
         (SELECT count(*) FROM clusters_moved)::int AS clusters,
         (SELECT count(*) FROM events)::int AS events,
         b.relayed,
         CASE WHEN b.relayed THEN pg_notify($24, '') END AS notified
    FROM moved m, backlog b`;

interface LoadedRow {
  id: string;
  cluster_id: string;
  org_id: string;
  action: TransitionSource['run']['action'];
  state: TransitionSource['run']['state'];
  requested_by: string;
  changes: unknown;
  cluster_org_id: string;
  cluster_name: string;
  cluster_state: TransitionSource['cluster']['state'];
}

/**
 * The hot path of run transitions in plain SQL over a small pool of its own (not Prisma's query
 * compiler per statement), two statements per batch whatever its size: the runs and their
 * clusters read, then one statement (data-modifying CTEs, so one transaction) that moves the
 * runs with a compare-and-set, writes the moved runs' clusters and outbox rows (multi-row) and
 * notifies the outbox relay. Each round trip on this path is a wake-up of PostgreSQL and of
 * this process; on a loaded machine each costs far more than the SQL itself.
 */
@Injectable()
export class RunTransitionsRepository implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly writeSql: string;

  constructor(
    @Inject(CLUSTER_CONFIG) config: ClusterConfig,
    private readonly bus: EventBus,
  ) {
    this.pool = new Pool({
      ...poolConfigFor(config.DATABASE_URL, CLUSTER_SCHEMA),
      max: config.CLUSTER_TRANSITIONS_POOL_SIZE,
    });
    this.pool.on('error', () => undefined); // an idle client's error: the next query reconnects
    this.writeSql = writeSql(bus.outbox!.table);
  }

  /** After the runner stopped (RunnerLifecycle, beforeApplicationShutdown); waits for a batch in flight. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Two round trips whatever the batch's size: the runs and their clusters read, then one
   * statement writing everything. A run moved meanwhile by another process (the compare-and-set
   * missed) answers 'lost': the caller decides again from the run as it is now.
   */
  async applyBatch(requests: TransitionRequest[], now = new Date()): Promise<TransitionResult[]> {
    const { rows } = await this.pool.query<LoadedRow>({
      ...LOAD,
      values: [requests.map((r) => r.runId)],
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Planned in order against the clusters as the earlier plans of the batch leave them (two
    // runs of one cluster in a batch: one cluster row written, with both changes).
    const clusterNow = new Map<string, TransitionSource['cluster']>();
    const clusterRows = new Map<string, ClusterRow & { runId: string }>();
    const results = requests.map((request): TransitionResult => {
      const row = byId.get(request.runId);
      if (!row) return { outcome: 'absent' };
      const source = sourceOf(row, clusterNow.get(row.cluster_id));
      const plan = planClusterRunTransition(source, request.observation, request.extra);
      if (!plan) return { outcome: 'unchanged' };
      if (plan.cluster) {
        clusterNow.set(row.cluster_id, { ...source.cluster, state: plan.cluster.state });
        clusterRows.set(row.cluster_id, {
          ...mergeClusterRows(clusterRows.get(row.cluster_id), plan.cluster),
          runId: row.id,
        });
      }
      return { outcome: 'applied', plan };
    });
    const plans = results.flatMap((r) => (r.outcome === 'applied' ? [r.plan] : []));
    if (plans.length === 0) return results;
    const runs = plans.map((p) => p.run);
    const clusters = [...clusterRows.values()];
    const events = plans.flatMap((p) => p.events.map((event) => ({ runId: p.run.id, event })));
    const outbox = this.bus.outbox!.rows(events.map((e) => e.event));
    const { rows: moved } = await this.pool.query<{ id: string; relayed: boolean }>({
      name: 'cluster_runs_write',
      text: this.writeSql,
      values: [
        runs.map((r) => r.id),
        runs.map((r) => r.from),
        runs.map((r) => r.state),
        runs.map((r) => r.failureReason),
        runs.map((r) => r.logTail),
        runs.map((r) => r.outputs),
        runs.map((r) => r.started),
        runs.map((r) => r.finished),
        runs.map((r) => r.complete),
        now,
        clusters.map((c) => c.id),
        clusters.map((c) => c.runId),
        clusters.map((c) => c.state),
        clusters.map((c) => c.failureReason),
        clusters.map((c) => c.outputs),
        clusters.map((c) => c.nodeMinSize),
        clusters.map((c) => c.nodeMaxSize),
        clusters.map((c) => c.kubernetesVersion),
        outbox.ids,
        events.map((e) => e.runId),
        outbox.subjects,
        outbox.payloads,
        outbox.headers,
        this.bus.outbox!.channel,
        DIRECT_PUBLISH_LEASE_MS,
      ],
    });
    const applied = new Set(moved.map((m) => m.id));
    if (moved.length > 0 && !moved[0]!.relayed) {
      // Committed: publish now, in batch order (the relay is the fallback after the lease).
      const keep = events.map((e) => applied.has(e.runId));
      const pick = (values: string[]) => values.filter((_, i) => keep[i]);
      this.bus.publishCommitted({
        ids: pick(outbox.ids),
        subjects: pick(outbox.subjects),
        payloads: pick(outbox.payloads),
        headers: pick(outbox.headers),
      });
    }
    return results.map((result) =>
      result.outcome === 'applied' && !applied.has(result.plan.run.id)
        ? { outcome: 'lost' }
        : result,
    );
  }
}

type ClusterRow = NonNullable<TransitionPlan['cluster']>;

/** A later change of the same cluster row: its state and reason, the values it sets. */
const mergeClusterRows = (earlier: ClusterRow | undefined, later: ClusterRow): ClusterRow =>
  earlier
    ? {
        ...later,
        outputs: later.outputs ?? earlier.outputs,
        nodeMinSize: later.nodeMinSize ?? earlier.nodeMinSize,
        nodeMaxSize: later.nodeMaxSize ?? earlier.nodeMaxSize,
        kubernetesVersion: later.kubernetesVersion ?? earlier.kubernetesVersion,
      }
    : later;

const sourceOf = (row: LoadedRow, cluster?: TransitionSource['cluster']): TransitionSource => ({
  run: {
    id: row.id,
    clusterId: row.cluster_id,
    orgId: row.org_id,
    action: row.action,
    state: row.state,
    requestedBy: row.requested_by,
    changes: row.changes,
  },
  cluster: cluster ?? {
    id: row.cluster_id,
    orgId: row.cluster_org_id,
    name: row.cluster_name,
    state: row.cluster_state,
  },
});
