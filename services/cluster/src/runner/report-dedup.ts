import type { Observation } from '../clusters/cluster-state';

/**
 * One report per real change of what a run's Job says: the Pod and Job watches both show a
 * start, a resumed watch replays events, a relist repeats every object. The runner asks before
 * reporting; a report the sink could not apply is forgotten, so the next event reports again.
 */
export class ReportDedup {
  private readonly last = new Map<string, string>();

  /** True when the observation differs from the last reported for the run (and remembers it). */
  fresh(runId: string, observation: Observation): boolean {
    const key = JSON.stringify(observation);
    if (this.last.get(runId) === key) return false;
    this.last.set(runId, key);
    return true;
  }

  /** The run's last report did not apply, or the run's Job is gone. */
  forget(runId: string): void {
    this.last.delete(runId);
  }

  get size(): number {
    return this.last.size;
  }
}
