import type { EventInit, EventSubject, OutboxEventInit } from '@strata/messaging';
import { changedColumns, type Changes } from '../clusters/cluster-change';
import {
  isTerminal,
  observe,
  type ClusterState,
  type Observation,
  type RunAction,
  type RunState,
} from '../clusters/cluster-state';
import { drainsLogFirst } from './run-transition';

const RUN_END_SUBJECT = {
  SUCCEEDED: 'evt.cluster.run.succeeded',
  FAILED: 'evt.cluster.run.failed',
  CANCELLED: 'evt.cluster.run.cancelled',
} as const;

/** What a cluster run's transition reads of the run and its cluster (locked in its transaction). */
export interface TransitionSource {
  run: {
    id: string;
    clusterId: string;
    orgId: string;
    action: RunAction;
    state: RunState;
    requestedBy: string;
    changes: unknown;
  };
  cluster: { id: string; orgId: string; name: string; state: ClusterState };
}

/** Read before the transaction: the stored log's tail (a failure) and the Job's outputs. */
export interface TransitionExtra {
  logTail: string | null;
  outputs?: Record<string, unknown>;
}

/** The rows a transition writes: the run's, the cluster's (if it changes) and the events. */
export interface TransitionPlan {
  run: {
    id: string;
    clusterId: string;
    from: RunState;
    state: RunState;
    /** Set when given (COALESCE with what is stored), as runRowChange does. */
    failureReason: string | null;
    logTail: string | null;
    outputs: string | null;
    started: boolean;
    finished: boolean;
    complete: boolean;
  };
  cluster: {
    id: string;
    state: ClusterState;
    failureReason: string | null;
    outputs: string | null;
    nodeMinSize: number | null;
    nodeMaxSize: number | null;
    kubernetesVersion: string | null;
  } | null;
  events: OutboxEventInit[];
}

const event = <S extends EventSubject>(subject: S, data: EventInit<S>): OutboxEventInit =>
  ({ subject, data }) as OutboxEventInit;

/** Whether applying this observation may end the run (its log is drained and read first). */
export const mayEnd = (observation: Observation) =>
  observation.kind === 'succeeded' ||
  observation.kind === 'failed' ||
  observation.kind === 'vanished';

/** Whether the stored log's tail is read for this observation (a failure keeps it on the run). */
export const mayFail = (observation: Observation) =>
  observation.kind === 'failed' || observation.kind === 'vanished';

/**
 * What an observation does to a cluster run and its cluster (pure), or null when it changes
 * nothing (a repeated or late observation). The same rules as one transition at a time: the run
 * row takes runRowChange's columns; the cluster moves to the run's cluster state (its apply
 * outputs, a change run's new values) with a state_changed event when its state differs; the
 * run's started and end events.
 */
export function planClusterRunTransition(
  source: TransitionSource,
  observation: Observation,
  extra: TransitionExtra,
): TransitionPlan | null {
  const { run, cluster } = source;
  const transition = observe({ action: run.action, state: run.state }, observation);
  if (!transition) return null;
  const outputs =
    observation.kind === 'succeeded' && observation.outputs ? observation.outputs : undefined;
  const logTail =
    transition.run === 'FAILED' && drainsLogFirst(transition.run, observation)
      ? extra.logTail
      : null;
  const columns =
    transition.run === 'SUCCEEDED' ? changedColumns(run.changes as Changes | null) : {};
  const clusterOutputs = run.action === 'apply' && outputs ? outputs : undefined;
  const to = transition.cluster;
  const clusterMoves =
    cluster.state !== to || clusterOutputs !== undefined || Object.keys(columns).length > 0;
  const payload = {
    orgId: run.orgId,
    clusterId: run.clusterId,
    clusterName: cluster.name,
    runId: run.id,
    action: run.action,
    state: transition.run,
    reason: transition.reason ?? '',
    actorUserId: observation.kind === 'cancelled' ? (observation.by ?? '') : '',
  };
  const events: OutboxEventInit[] = [];
  if (cluster.state !== to)
    events.push(
      event('evt.cluster.cluster.state_changed', {
        orgId: cluster.orgId,
        clusterId: cluster.id,
        from: cluster.state,
        to,
        runId: run.id,
        reason: transition.reason ?? '',
        clusterName: cluster.name,
      }),
    );
  if (transition.run === 'RUNNING' || (run.state === 'PENDING' && isTerminal(transition.run)))
    events.push(
      event('evt.cluster.run.started', {
        ...payload,
        state: 'RUNNING',
        actorUserId: run.requestedBy,
      }),
    );
  if (isTerminal(transition.run))
    events.push(event(RUN_END_SUBJECT[transition.run as keyof typeof RUN_END_SUBJECT], payload));
  return {
    run: {
      id: run.id,
      clusterId: run.clusterId,
      from: run.state,
      state: transition.run,
      failureReason: transition.reason ? transition.reason : null,
      logTail,
      outputs: outputs ? JSON.stringify(outputs) : null,
      started: transition.run === 'RUNNING',
      finished: isTerminal(transition.run),
      complete: transition.run === 'SUCCEEDED',
    },
    cluster: clusterMoves
      ? {
          id: cluster.id,
          state: to,
          failureReason: to === 'FAILED' ? (transition.reason ?? null) : null,
          outputs: clusterOutputs ? JSON.stringify(clusterOutputs) : null,
          nodeMinSize: columns.nodeMinSize ?? null,
          nodeMaxSize: columns.nodeMaxSize ?? null,
          kubernetesVersion: columns.kubernetesVersion ?? null,
        }
      : null,
    events,
  };
}
