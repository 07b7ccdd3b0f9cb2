/**
 * The cluster and run state machines (pure). A run is one Job; what the runner observes of the
 * Job and its Pod becomes an observation, and `observe` decides the transition. Observations
 * repeat (relists, restarts, duplicated watch events): `observe` answers `null` when nothing
 * changes, so applying the same observation twice never doubles a transition.
 */

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

export const RUN_STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunState = (typeof RUN_STATES)[number];

export type RunAction = 'apply' | 'destroy';

/** What the runner saw of a run's Job (and Pod). */
export type Observation =
  | { kind: 'started' }
  | { kind: 'succeeded'; outputs?: Record<string, unknown> }
  | { kind: 'failed'; reason: string }
  /** The Job is gone before it ended (deleted by someone else, or never created). */
  | { kind: 'vanished'; reason?: string }
  /** Deleted on purpose by a cancel. */
  | { kind: 'cancelled'; by?: string };

export interface RunSnapshot {
  action: RunAction;
  state: RunState;
}

export interface Transition {
  run: RunState;
  cluster: ClusterState;
  reason?: string;
}

export const TERMINAL_RUN_STATES: readonly RunState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const isTerminal = (state: RunState) => TERMINAL_RUN_STATES.includes(state);

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
  if (isTerminal(run.state)) return null;
  const to = (state: RunState, reason?: string): Transition => ({
    run: state,
    cluster: clusterStateFor(run.action, state),
    ...(reason === undefined ? {} : { reason }),
  });
  switch (observation.kind) {
    case 'started':
      return run.state === 'PENDING' ? to('RUNNING') : null;
    case 'succeeded':
      return to('SUCCEEDED');
    case 'failed':
      return to('FAILED', observation.reason);
    case 'vanished':
      return to(
        'FAILED',
        observation.reason ?? 'The run’s Job disappeared from the Kubernetes API before it ended.',
      );
    case 'cancelled':
      return to('CANCELLED', 'Cancelled by a user.');
  }
}

/** Deleting is allowed once nothing is running and something may exist in the cloud. */
export const canDelete = (state: ClusterState) =>
  state === 'READY' || state === 'FAILED' || state === 'CANCELLED';

/** Only an apply can be cancelled (a destroy half-cancelled would leave an unknown cloud). */
export const canCancel = (run: RunSnapshot) => run.action === 'apply' && !isTerminal(run.state);

/** A failed run is retried with a new run of the same action. */
export const canRetry = (clusterState: ClusterState, lastRun: RunSnapshot | undefined) =>
  clusterState === 'FAILED' && lastRun !== undefined && lastRun.state === 'FAILED';
