/**
 * The run state machine shared by cluster runs and app runs (pure): what an observation of a
 * run's Job does to the run. Observations repeat (relists, restarts, duplicated watch events):
 * `runTransition` answers null when nothing changes, so one is never applied twice.
 */
export const RUN_STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** What the runner saw of a run's Job (and Pod). */
export type Observation =
  | { kind: 'started' }
  | { kind: 'succeeded'; outputs?: Record<string, unknown> }
  | { kind: 'failed'; reason: string }
  /** The Job is gone before it ended (deleted by someone else, or never created). */
  | { kind: 'vanished'; reason?: string }
  /** Deleted on purpose by a cancel. */
  | { kind: 'cancelled'; by?: string };

export const TERMINAL_RUN_STATES: readonly RunState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const isTerminal = (state: RunState) => TERMINAL_RUN_STATES.includes(state);

export const VANISHED_REASON = 'The run’s Job disappeared from the Kubernetes API before it ended.';

/** The run's next state and why, or null when the observation changes nothing. */
export function runTransition(
  state: RunState,
  observation: Observation,
): { run: RunState; reason?: string } | null {
  if (isTerminal(state)) return null;
  switch (observation.kind) {
    case 'started':
      return state === 'PENDING' ? { run: 'RUNNING' } : null;
    case 'succeeded':
      return { run: 'SUCCEEDED' };
    case 'failed':
      return { run: 'FAILED', reason: observation.reason };
    case 'vanished':
      return { run: 'FAILED', reason: observation.reason ?? VANISHED_REASON };
    case 'cancelled':
      return { run: 'CANCELLED', reason: 'Cancelled by a user.' };
  }
}

/** The columns a transition sets on a run's row (cluster runs and app runs alike). */
export function runRowChange<O>(
  transition: { run: RunState; reason?: string },
  extra: { logTail: string | null; outputs?: O },
  now: Date,
) {
  return {
    state: transition.run,
    ...(transition.run === 'RUNNING' ? { startedAt: now } : {}),
    ...(isTerminal(transition.run) ? { finishedAt: now } : {}),
    ...(transition.reason ? { failureReason: transition.reason } : {}),
    ...(extra.logTail !== null ? { logTail: extra.logTail } : {}),
    ...(extra.outputs ? { outputs: extra.outputs } : {}),
    ...(transition.run === 'SUCCEEDED' ? { progressPercent: 100 } : {}),
  };
}

/** A run whose Job could not be created fails with why (the error's code, else its message). */
export const couldNotStart = (error: unknown): Observation => ({
  kind: 'failed',
  reason:
    `The run could not start: ${(error as { code?: string }).code ?? (error as Error).message}`.slice(
      0,
      500,
    ),
});
