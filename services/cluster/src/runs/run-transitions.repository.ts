import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { poolConfigFor } from '@strata/database';
import { EventBus, type SqlExecutor } from '@strata/messaging';
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

/** 'absent': no such cluster run (an app run's Job, another installation's). */
export type TransitionResult =
  { outcome: 'applied'; plan: TransitionPlan } | { outcome: 'unchanged' } | { outcome: 'absent' };

// Prepared once per connection (named statements): parse and plan are not paid per batch.
const LOAD = {
  name: 'cluster_runs_load',
  text: `SELECT r.id, r.cluster_id, r.org_id, r.action::text AS action, r.state::text AS state,
                r.requested_by, r.changes,
                c.org_id AS cluster_org_id, c.name AS cluster_name, c.state::text AS cluster_state
           FROM runs r JOIN clusters c ON c.id = r.cluster_id
          WHERE r.id = ANY($1::uuid[])
          ORDER BY r.id
            FOR UPDATE OF r, c`,
};
const UPDATE_RUNS = {
  name: 'cluster_runs_transition',
  text: `UPDATE runs r SET
           state = v.state::run_state,
           started_at = CASE WHEN v.started THEN $9::timestamptz ELSE r.started_at END,
           finished_at = CASE WHEN v.finished THEN $9::timestamptz ELSE r.finished_at END,
           failure_reason = COALESCE(v.failure_reason, r.failure_reason),
           log_tail = COALESCE(v.log_tail, r.log_tail),
           outputs = COALESCE(v.outputs::jsonb, r.outputs),
           progress_percent = CASE WHEN v.complete THEN 100 ELSE r.progress_percent END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],
                     $6::bool[], $7::bool[], $8::bool[])
              AS v(id, state, failure_reason, log_tail, outputs, started, finished, complete)
        WHERE r.id = v.id`,
};
const UPDATE_CLUSTERS = {
  name: 'cluster_runs_move_clusters',
  text: `UPDATE clusters c SET
           state = v.state::cluster_state,
           failure_reason = v.failure_reason,
           outputs = COALESCE(v.outputs::jsonb, c.outputs),
           node_min_size = COALESCE(v.node_min_size, c.node_min_size),
           node_max_size = COALESCE(v.node_max_size, c.node_max_size),
           kubernetes_version = COALESCE(v.kubernetes_version, c.kubernetes_version),
           updated_at = $8::timestamptz
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[],
                     $7::text[])
              AS v(id, state, failure_reason, outputs, node_min_size, node_max_size,
                   kubernetes_version)
        WHERE c.id = v.id`,
};

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
 * compiler per statement): a batch of observations is applied in one transaction of five
 * statements whatever its size: the runs and their clusters read and locked, the runs' rows,
 * the clusters' rows, the outbox rows (one multi-row insert) and one NOTIFY.
 */
@Injectable()
export class RunTransitionsRepository implements OnApplicationShutdown {
  private readonly pool: Pool;
  /** Names of the outbox's statements, so they are prepared once per connection as well. */
  private readonly names = new Map<string, string>();

  constructor(
    @Inject(CLUSTER_CONFIG) config: ClusterConfig,
    private readonly bus: EventBus,
  ) {
    this.pool = new Pool({
      ...poolConfigFor(config.DATABASE_URL, CLUSTER_SCHEMA),
      max: config.CLUSTER_TRANSITIONS_POOL_SIZE,
    });
    this.pool.on('error', () => undefined); // an idle client's error: the next query reconnects
  }

  /** After the runner stopped (RunnerLifecycle, beforeApplicationShutdown); waits for a batch in flight. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  async applyBatch(requests: TransitionRequest[], now = new Date()): Promise<TransitionResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<LoadedRow>({
        ...LOAD,
        values: [requests.map((r) => r.runId)],
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      // Planned in order against the clusters as the earlier plans of the batch leave them (two
      // runs of one cluster in a batch: one cluster row written, with both changes).
      const clusterNow = new Map<string, TransitionSource['cluster']>();
      const clusterRows = new Map<string, NonNullable<TransitionPlan['cluster']>>();
      const results = requests.map((request): TransitionResult => {
        const row = byId.get(request.runId);
        if (!row) return { outcome: 'absent' };
        const source = sourceOf(row, clusterNow.get(row.cluster_id));
        const plan = planClusterRunTransition(source, request.observation, request.extra);
        if (!plan) return { outcome: 'unchanged' };
        if (plan.cluster) {
          clusterNow.set(row.cluster_id, { ...source.cluster, state: plan.cluster.state });
          clusterRows.set(
            row.cluster_id,
            mergeClusterRows(clusterRows.get(row.cluster_id), plan.cluster),
          );
        }
        return { outcome: 'applied', plan };
      });
      const plans = results.flatMap((r) => (r.outcome === 'applied' ? [r.plan] : []));
      if (plans.length > 0) {
        const runs = plans.map((p) => p.run);
        await client.query({
          ...UPDATE_RUNS,
          values: [
            runs.map((r) => r.id),
            runs.map((r) => r.state),
            runs.map((r) => r.failureReason),
            runs.map((r) => r.logTail),
            runs.map((r) => r.outputs),
            runs.map((r) => r.started),
            runs.map((r) => r.finished),
            runs.map((r) => r.complete),
            now,
          ],
        });
        const clusters = [...clusterRows.values()];
        if (clusters.length > 0)
          await client.query({
            ...UPDATE_CLUSTERS,
            values: [
              clusters.map((c) => c.id),
              clusters.map((c) => c.state),
              clusters.map((c) => c.failureReason),
              clusters.map((c) => c.outputs),
              clusters.map((c) => c.nodeMinSize),
              clusters.map((c) => c.nodeMaxSize),
              clusters.map((c) => c.kubernetesVersion),
              now,
            ],
          });
        await this.bus.outbox!.addMany(
          this.executor(client),
          plans.flatMap((p) => p.events),
        );
      }
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private executor(client: PoolClient): SqlExecutor {
    return {
      $executeRawUnsafe: async (text: string, ...values: unknown[]) => {
        let name = this.names.get(text);
        if (!name) this.names.set(text, (name = `cluster_outbox_${this.names.size + 1}`));
        const result = await client.query({ name, text, values });
        return result.rowCount ?? 0;
      },
    };
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
