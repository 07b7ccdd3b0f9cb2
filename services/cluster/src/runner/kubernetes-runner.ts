import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  Log,
  Watch,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';
import type { Observation } from '../clusters/cluster-state';
import { parseTerminationMessage } from './job-contract';
import {
  buildJob,
  buildSecret,
  CONTAINER_NAME,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  RUN_ID_LABEL,
  type JobSettings,
} from './job-manifest';
import type { JobRunner, RunRef, RunSink, RunSpec } from './job-runner';
import { ListWatch } from './list-watch';
import { ReportDedup } from './report-dedup';
import { slimJob, slimPod, type SlimJob, type SlimPod } from './slim-objects';

export interface KubernetesRunnerOptions {
  namespace: string;
  /** The image for a provider and action (CLUSTER_IMAGE_<PROVIDER>_<ACTION>), if configured. */
  imageFor: (provider: string, action: string) => string | undefined;
  /** The container command for a provider and action when not the image's entrypoint. */
  commandFor?: (provider: string, action: string) => string[] | undefined;
  job: Omit<JobSettings, 'namespace' | 'image' | 'command'>;
}

const isStatus = (error: unknown, code: number) =>
  error instanceof ApiException && error.code === code;

/** How long an ended Job waits for its Pod's end to be seen before it is reported anyway. */
export const POD_SETTLE_MS = 5000;

/** A log stream broken while the Pod runs is opened again after this long. */
const LOG_RETRY_MS = 250;
/**
 * A log stream the server ended while the Pod was last seen running: the container has most
 * likely exited and the Pod's end is on its way (the kubelet reports it within about a second).
 * Opened again only if the Pod still runs after this long.
 */
const LOG_CLEAN_END_WAIT_MS = 2000;

/** The job container's terminated state (exit code, termination message), once the Pod shows it. */
export const terminatedOf = (pod: SlimPod | undefined) =>
  pod?.status?.containerStatuses?.find((c) => c.name === CONTAINER_NAME)?.state?.terminated;

/** What a Job's status (and its Pod's) says about the run, or null while it is just pending. */
export function observeJob(job: SlimJob, pod: SlimPod | undefined): Observation | null {
  const conditions = job.status?.conditions ?? [];
  const terminated = terminatedOf(pod);
  const message = parseTerminationMessage(terminated?.message);
  const complete = conditions.find((c) => c.type === 'Complete' && c.status === 'True');
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (complete || (job.status?.succeeded ?? 0) > 0)
    return { kind: 'succeeded', outputs: message.outputs };
  if (failed || (job.status?.failed ?? 0) > 0) {
    const reason =
      message.error ??
      (failed?.reason === 'DeadlineExceeded'
        ? `The run exceeded its deadline (${failed.message ?? 'activeDeadlineSeconds'}).`
        : undefined) ??
      (terminated
        ? `The job exited with code ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}.`
        : undefined) ??
      failed?.message ??
      'The job failed.';
    return { kind: 'failed', reason };
  }
  if ((job.status?.active ?? 0) > 0 || pod?.status?.phase === 'Running') return { kind: 'started' };
  return null;
}

/**
 * Runs each run as a Kubernetes Job through @kubernetes/client-node: creates the Job and then
 * its credentials Secret (owned by the Job), watches Jobs and Pods labelled
 * strata.dev/managed-by=strata-cluster, and streams each Pod's log.
 */
export class KubernetesRunner implements JobRunner {
  readonly kind = 'kubernetes' as const;
  private readonly logger = new Logger(KubernetesRunner.name);
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly logs: Log;
  /** Informer caches of slim Jobs and Pods (slim-objects.ts), indexed by run id. */
  private jobs?: ListWatch<V1Job, SlimJob>;
  private pods?: ListWatch<V1Pod, SlimPod>;
  /** One report per change of a run's observation (Pod and Job events, replays, relists). */
  private readonly dedup = new ReportDedup();
  private sink?: RunSink;
  /** Log streams in flight, by run id. */
  private readonly streams = new Map<string, { done: Promise<unknown>; abort?: AbortController }>();
  private readonly finishedLogs = new Set<string>();
  /** Runs whose log stream the server ended while the Pod was last seen running. */
  private readonly endedCleanly = new Set<string>();
  /** Ended Jobs waiting for their Pod's end (termination message) to arrive, by run id. */
  private readonly settling = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: KubernetesRunnerOptions,
  ) {
    this.batch = kc.makeApiClient(BatchV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.logs = new Log(kc);
  }

  private get ns() {
    return this.options.namespace;
  }

  async begin(sink: RunSink): Promise<void> {
    this.sink = sink;
    const watch = new Watch(this.kc);
    const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
    this.jobs = new ListWatch<V1Job, SlimJob>(
      watch,
      `/apis/batch/v1/namespaces/${this.ns}/jobs`,
      () => this.batch.listNamespacedJob({ namespace: this.ns, labelSelector: selector }),
      selector,
      { changed: (job) => this.jobChanged(job), deleted: (job) => this.jobDeleted(job) },
      'jobs',
      (job) => this.runIdOf(job),
      slimJob,
    );
    this.pods = new ListWatch<V1Pod, SlimPod>(
      watch,
      `/api/v1/namespaces/${this.ns}/pods`,
      () => this.core.listNamespacedPod({ namespace: this.ns, labelSelector: selector }),
      selector,
      { changed: (pod) => this.podChanged(pod), deleted: (pod) => this.podDeleted(pod) },
      'pods',
      (pod) => this.runIdOf(pod),
      slimPod,
    );
    await this.pods.start();
    await this.jobs.start();
  }

  async start(spec: RunSpec): Promise<void> {
    const image = this.options.imageFor(spec.provider, spec.action);
    if (!image) throw new Error(`no image configured for ${spec.provider} ${spec.action}`);
    const command = this.options.commandFor?.(spec.provider, spec.action);
    const body = buildJob(spec, {
      ...this.options.job,
      namespace: this.ns,
      image,
      ...(command ? { command } : {}),
    });
    let job: V1Job;
    try {
      job = await this.batch.createNamespacedJob({ namespace: this.ns, body });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      job = await this.batch.readNamespacedJob({ name: spec.jobName, namespace: this.ns });
    }
    if (!spec.credentials) return;
    const secret = buildSecret(
      spec,
      { uid: job.metadata!.uid!, name: job.metadata!.name! },
      this.ns,
    );
    try {
      await this.core.createNamespacedSecret({ namespace: this.ns, body: secret });
    } catch (error) {
      if (isStatus(error, 409)) return;
      // Without its Secret the Pod cannot start: remove the Job so the run fails cleanly.
      await this.deleteJob(spec.jobName, 0).catch(() => undefined);
      throw error;
    }
  }

  async cancel(run: RunRef, graceSeconds: number): Promise<void> {
    await this.deleteJob(run.jobName, graceSeconds);
  }

  private async deleteJob(name: string, graceSeconds: number) {
    try {
      await this.batch.deleteNamespacedJob({
        name,
        namespace: this.ns,
        gracePeriodSeconds: graceSeconds,
        propagationPolicy: 'Background',
      });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }

  async reconcile(unfinished: RunRef[]): Promise<void> {
    // begin() has listed Jobs and Pods already: every listed Job was reported. What is left is
    // a run whose Job no longer exists.
    for (const run of unfinished) {
      const job = this.jobs?.store.get(run.jobName);
      if (job) this.evaluate(job);
      else {
        // Confirm with the API server (the list may predate the Job's creation).
        try {
          const fresh = await this.batch.readNamespacedJob({
            name: run.jobName,
            namespace: this.ns,
          });
          this.evaluate(slimJob(fresh));
        } catch (error) {
          if (!isStatus(error, 404)) throw error;
          await this.sink?.observe(run.runId, { kind: 'vanished' });
        }
      }
    }
  }

  async drainLog(runId: string, timeoutMs: number): Promise<void> {
    const stream = this.streams.get(runId);
    if (!stream) return;
    await Promise.race([stream.done, new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.settling.values()) clearTimeout(timer);
    this.settling.clear();
    for (const stream of this.streams.values()) stream.abort?.abort();
    await Promise.all([this.jobs?.stop(), this.pods?.stop()]);
  }

  /** Relists so far (watch broken with 410 Gone, or at start): for tests and metrics. */
  get relists() {
    return (this.jobs?.relists ?? 0) + (this.pods?.relists ?? 0);
  }

  private runIdOf(obj: { metadata?: { labels?: Record<string, string> } }) {
    return obj.metadata?.labels?.[RUN_ID_LABEL];
  }

  private podOf(runId: string): SlimPod | undefined {
    return this.pods?.byIndex(runId);
  }

  private jobChanged(job: SlimJob) {
    this.evaluate(job);
  }

  private jobDeleted(job: SlimJob) {
    const runId = this.runIdOf(job);
    if (!runId) return;
    const observation = observeJob(job, this.podOf(runId));
    const final =
      observation && observation.kind !== 'started' ? observation : { kind: 'vanished' as const };
    this.report(runId, final);
    // Nothing more comes for this run: release what was kept for it.
    clearTimeout(this.settling.get(runId));
    this.settling.delete(runId);
    this.dedup.forget(runId);
    this.finishedLogs.delete(runId);
    this.endedCleanly.delete(runId);
  }

  private podDeleted(pod: SlimPod) {
    const runId = this.runIdOf(pod);
    if (runId && !this.jobs?.byIndex(runId)) {
      this.finishedLogs.delete(runId);
      this.endedCleanly.delete(runId);
    }
  }

  private podChanged(pod: SlimPod) {
    const runId = this.runIdOf(pod);
    if (!runId) return;
    const phase = pod.status?.phase;
    if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed')
      this.followLog(runId, pod);
    const job = this.jobs?.byIndex(runId);
    if (job) this.evaluate(job);
  }

  private evaluate(job: SlimJob, settled = false) {
    const runId = this.runIdOf(job);
    if (!runId) return;
    const pod = this.podOf(runId);
    const observation = observeJob(job, pod);
    const ended = observation !== null && observation.kind !== 'started';
    if (ended && pod && !settled && !terminatedOf(pod)) {
      // The Job ended but its Pod, as the Pod watch last showed it, has not: Jobs and Pods are
      // two independent watches (and a resumed or relisted one may deliver the Job first). The
      // Pod's end carries the termination message (outputs, error), so wait for it; podChanged
      // evaluates the Job again. Reported anyway after POD_SETTLE_MS (a Pod deleted, evicted).
      if (!this.settling.has(runId))
        this.settling.set(
          runId,
          setTimeout(() => {
            this.settling.delete(runId);
            if (this.stopped) return;
            this.evaluate(this.jobs?.store.get(job.metadata?.name ?? '') ?? job, true);
          }, POD_SETTLE_MS),
        );
      return;
    }
    if (ended && this.settling.has(runId)) {
      clearTimeout(this.settling.get(runId));
      this.settling.delete(runId);
    }
    // An ended run's log is fetched (once) before the end is applied, so its tail is stored.
    if (pod && observation && observation.kind !== 'started') this.followLog(runId, pod);
    if (observation) this.report(runId, observation);
  }

  private report(runId: string, observation: Observation) {
    if (!this.sink || !this.dedup.fresh(runId, observation)) return;
    this.sink.observe(runId, observation).catch((error: unknown) => {
      // Not applied: the next event about this run reports it again.
      this.dedup.forget(runId);
      this.logger.error({ err: error, runId }, 'applying an observation failed');
    });
  }

  /**
   * One log stream per run at a time; a stream broken while the Pod runs starts again. A follow
   * stream that the server ended (a clean end of the response, not an error) ended because the
   * container exited: the kubelet closes it after the log's last byte. When the Pod's end is
   * seen after such an end (the log stream and the Pod watch are two connections, either may
   * come first), the log is whole and is not read a second time; a stream that ended while the
   * Pod still runs LOG_CLEAN_END_WAIT_MS later, or ended with an error, is opened again.
   */
  private followLog(runId: string, pod: SlimPod) {
    if (this.stopped || this.streams.has(runId) || this.finishedLogs.has(runId) || !this.sink)
      return;
    const phase = pod.status?.phase;
    if (this.endedCleanly.has(runId) && (phase === 'Succeeded' || phase === 'Failed')) {
      this.endedCleanly.delete(runId);
      this.finishedLogs.add(runId);
      return;
    }
    this.endedCleanly.delete(runId);
    const writer = this.sink.openLog(runId);
    const podName = pod.metadata!.name!;
    let abort: AbortController | undefined;
    const done = new Promise<boolean>((resolve) => {
      const target = new Writable({
        write(chunk: Buffer, _enc, callback) {
          writer.write(chunk.toString('utf8'));
          callback();
        },
      });
      const finish = (clean: boolean) => {
        writer
          .end()
          .catch((error: unknown) => this.logger.error({ err: error, runId }, 'log flush failed'))
          .finally(() => resolve(clean));
      };
      target.on('finish', () => finish(true));
      target.on('error', () => finish(false));
      this.logs
        .log(this.ns, podName, CONTAINER_NAME, target, { follow: true })
        .then((controller) => {
          abort = controller;
          entry.abort = controller;
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error, runId, podName }, 'log stream failed');
          finish(false);
        });
    });
    const entry: { done: Promise<unknown>; abort?: AbortController } = { done, abort };
    this.streams.set(runId, entry);
    void done.then((clean) => {
      this.streams.delete(runId);
      if (this.stopped) return;
      const current = this.podOf(runId);
      const phase = current?.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed' || !current) this.finishedLogs.add(runId);
      else if (phase === 'Running') {
        if (clean) this.endedCleanly.add(runId);
        setTimeout(
          () => this.followLog(runId, this.podOf(runId) ?? current),
          clean ? LOG_CLEAN_END_WAIT_MS : LOG_RETRY_MS,
        ).unref();
      }
    });
  }
}
