import type { Observation, RunAction } from '../clusters/cluster-state';
import type { Provider } from '../clusters/cluster-request';
import type { AppRunAction } from '../apps/app-state';

/** What a Job does: a cluster run's apply/destroy or an app run's install/upgrade/uninstall. */
export type JobAction = RunAction | AppRunAction;

/** Everything a runner needs to start one run (one Job). */
export interface RunSpec {
  runId: string;
  clusterId: string;
  orgId: string;
  provider: Provider;
  action: JobAction;
  /** Set for an app run (labels the Job `strata.dev/app-id`). */
  appId?: string;
  /** The Job name (DNS-1123, unique per run). */
  jobName: string;
  /** Parameters handed to the job as environment variables (no secret here). */
  params: Record<string, string>;
  /** Credentials, only ever put in a Secret (Kubernetes) or the child's environment (local). */
  credentials?: Record<string, string>;
}

export interface RunRef {
  runId: string;
  jobName: string;
}

/** Where a runner reports what it sees; idempotent on repeated reports. */
export interface RunSink {
  observe(runId: string, observation: Observation): Promise<void>;
  /**
   * A log stream of the run starts (again) from the first byte of the container's log: the
   * sink drops what it already stored and appends the rest.
   */
  openLog(runId: string): LogWriter;
}

export interface LogWriter {
  write(text: string): void;
  /** The stream ended: flush what is buffered. */
  end(): Promise<void>;
}

export const JOB_RUNNER = Symbol('JOB_RUNNER');

/** The Kubernetes and local job runners behind one interface. */
export interface JobRunner {
  readonly kind: 'kubernetes' | 'local';
  /** Starts following runs (watches, log streams) and reports to the sink. */
  begin(sink: RunSink): Promise<void>;
  /** Creates the run's Job (and Secret). Creating twice is harmless (AlreadyExists is fine). */
  start(spec: RunSpec): Promise<void>;
  /** Stops a run: the Job is deleted with a grace period. */
  cancel(run: RunRef, graceSeconds: number): Promise<void>;
  /**
   * After a restart: reports what became of each unfinished run (ended while we were down, or
   * vanished), then keeps following the rest.
   */
  reconcile(unfinished: RunRef[]): Promise<void>;
  /** Waits until the run's log stream has ended (or the timeout passed). */
  drainLog(runId: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Job names: `strata-<action>-<first 12 hex of the run id>`. */
export const jobNameFor = (action: JobAction, runId: string) =>
  `strata-${action}-${runId.replace(/-/g, '').slice(0, 12)}`;
