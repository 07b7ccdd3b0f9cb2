import type { Progress } from '../runner/job-contract';
import type { Tx } from '../database/prisma.service';
import type { Observation } from './run-transition';

/**
 * Where one kind of run keeps its log (cluster runs: run_log_chunks, app runs:
 * app_run_log_chunks), for the one log writer of RunsService.
 */
export interface RunLogStore {
  /** Bytes stored so far, or null when no run of this kind has the id. */
  size(runId: string): Promise<number | null>;
  /**
   * Stores a chunk at `offset` with a compare-and-set on the run's log size, and the progress
   * line it carried; false when another writer stored those bytes first.
   */
  append(runId: string, offset: number, text: string, progress: Progress | null): Promise<boolean>;
  /** The last lines of the stored log (a failed run's tail). */
  tail(runId: string): Promise<string>;
}

/** What RunsService lends a kind while it applies an observation. */
export interface ApplyContext {
  /** Waits for the run's log stream to end (before a terminal state is stored). */
  drainLog(runId: string): Promise<void>;
  /** One transaction, queued with every other transition (a bounded number at once). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/**
 * `absent`: no run of this kind has the id; `unchanged`: nothing to do; `lost`: another process
 * moved the run first (decide again); `applied`.
 */
export type ApplyOutcome = 'absent' | 'unchanged' | 'lost' | 'applied';

/**
 * A kind of run that the one runner follows besides cluster runs (app runs): its rows, state
 * machine and events. RunsService serialises, retries and stores the log; the kind decides.
 */
export interface RunKind {
  readonly name: string;
  readonly log: RunLogStore;
  apply(runId: string, observation: Observation, context: ApplyContext): Promise<ApplyOutcome>;
  /** Unfinished runs of this kind, reconciled with the runner after a restart. */
  unfinished(): Promise<Array<{ runId: string; jobName: string }>>;
}
