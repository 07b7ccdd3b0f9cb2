/**
 * The cluster and run state machines (pure). A run is one Job; what the runner observes of the
 * Job and its Pod becomes an observation, and `observe` decides the transition. Observations
 * repeat (relists, restarts, duplicated watch events): `observe` answers `null` when nothing
 * changes, so applying the same observation twice never doubles a transition.
 */
import { isTerminal, runTransition, type Observation, type RunState } from '../runs/run-transition';

export const CLUSTER_STATES = [
  'PENDING',
  'PROVISIONING',
  'READY',
  'FAILED',
  'CANCELLED',
  'DELETING',
  'DELETED',
] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

export { RUN_STATES, isTerminal, TERMINAL_RUN_STATES } from '../runs/run-transition';
export type { Observation, RunState } from '../runs/run-transition';

export type RunAction = 'apply' | 'destroy';

export interface RunSnapshot {
  action: RunAction;
  state: RunState;
}

export interface Transition {
  run: RunState;
  cluster: ClusterState;
  reason?: string;
}

/** The cluster state that a run in a given state stands for. */
export function clusterStateFor(action: RunAction, run: RunState): ClusterState {
  if (action === 'apply') {
    switch (run) {
      case 'PENDING':
        return 'PENDING';
      case 'RUNNING':
        return 'PROVISIONING';
      case 'SUCCEEDED':
        return 'READY';
      case 'FAILED':
        return 'FAILED';
      case 'CANCELLED':
        return 'CANCELLED';
    }
  }
  switch (run) {
    case 'PENDING':
    case 'RUNNING':
      return 'DELETING';
    case 'SUCCEEDED':
      return 'DELETED';
    case 'FAILED':
      return 'FAILED';
    case 'CANCELLED':
      return 'CANCELLED';
  }
}

/**
 * The transition an observation causes, or null when it changes nothing (a repeated or late
 * observation: an ended run never changes again, a running run stays running).
 */
export function observe(run: RunSnapshot, observation: Observation): Transition | null {
  const next = runTransition(run.state, observation);
  if (!next) return null;
  return {
    run: next.run,
    cluster: clusterStateFor(run.action, next.run),
    ...(next.reason === undefined ? {} : { reason: next.reason }),
  };
}

/** Deleting is allowed once nothing is running and something may exist in the cloud. */
export const canDelete = (state: ClusterState) =>
  state === 'READY' || state === 'FAILED' || state === 'CANCELLED';

/** Only an apply can be cancelled (a destroy half-cancelled would leave an unknown cloud). */
export const canCancel = (run: RunSnapshot) => run.action === 'apply' && !isTerminal(run.state);

/** A failed run is retried with a new run of the same action. */
export const canRetry = (clusterState: ClusterState, lastRun: RunSnapshot | undefined) =>
  clusterState === 'FAILED' && lastRun !== undefined && lastRun.state === 'FAILED';
