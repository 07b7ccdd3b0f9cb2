import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { CONTAINER_NAME, RUN_ID_LABEL } from './job-manifest';

/**
 * What the runner keeps of a Job or Pod in its informer caches: the name, resourceVersion, the
 * run id and the status fields it reads. A whole Job or Pod (spec, template, managed fields) is
 * several KiB; a thousand runs hold a Job and a Pod each.
 */
export interface SlimMeta {
  name?: string;
  resourceVersion?: string;
  uid?: string;
  labels?: Record<string, string>;
}

export interface SlimCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface SlimJob {
  metadata?: SlimMeta;
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    conditions?: SlimCondition[];
  };
}

export interface SlimTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
}

export interface SlimPod {
  metadata?: SlimMeta;
  status?: {
    phase?: string;
    containerStatuses?: Array<{ name: string; state?: { terminated?: SlimTerminated } }>;
  };
}

const meta = (m: SlimMeta | undefined): SlimMeta => {
  const runId = m?.labels?.[RUN_ID_LABEL];
  return {
    ...(m?.name === undefined ? {} : { name: m.name }),
    ...(m?.resourceVersion === undefined ? {} : { resourceVersion: m.resourceVersion }),
    ...(m?.uid === undefined ? {} : { uid: m.uid }),
    ...(runId === undefined ? {} : { labels: { [RUN_ID_LABEL]: runId } }),
  };
};

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function slimJob(job: V1Job | SlimJob): SlimJob {
  const s = job.status;
  return {
    metadata: meta(job.metadata),
    status: defined({
      active: s?.active,
      succeeded: s?.succeeded,
      failed: s?.failed,
      conditions: s?.conditions?.map((c) =>
        defined({ type: c.type, status: c.status, reason: c.reason, message: c.message }),
      ),
    }),
  };
}

export function slimPod(pod: V1Pod | SlimPod): SlimPod {
  const job = pod.status?.containerStatuses?.find((c) => c.name === CONTAINER_NAME);
  const t = job?.state?.terminated;
  return {
    metadata: meta(pod.metadata),
    status: defined({
      phase: pod.status?.phase,
      containerStatuses: job
        ? [
            {
              name: CONTAINER_NAME,
              state: t
                ? {
                    terminated: defined({
                      exitCode: t.exitCode,
                      reason: t.reason,
                      message: t.message,
                    }),
                  }
                : {},
            },
          ]
        : undefined,
    }),
  };
}
