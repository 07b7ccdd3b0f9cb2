import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { imageFor, type ClusterConfig } from '../config';
import type { JobRunner } from './job-runner';
import { KubernetesRunner } from './kubernetes-runner';
import { LocalRunner } from './local-runner';

/** The sandbox job shipped with the service (services/cluster/sandbox/sandbox-job.mjs). */
export const SANDBOX_SCRIPT = path.join(__dirname, '..', '..', 'sandbox', 'sandbox-job.mjs');

export function runnerKind(config: ClusterConfig): 'kubernetes' | 'local' {
  if (config.CLUSTER_RUNNER !== 'auto') return config.CLUSTER_RUNNER;
  return config.KUBECONFIG || config.KUBERNETES_SERVICE_HOST ? 'kubernetes' : 'local';
}

export function createRunner(config: ClusterConfig): JobRunner {
  if (runnerKind(config) === 'local')
    return new LocalRunner({
      workDir: path.resolve(config.CLUSTER_LOCAL_WORKDIR),
      commandFor: (provider) =>
        provider === 'sandbox' ? [process.execPath, SANDBOX_SCRIPT] : undefined,
    });
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return new KubernetesRunner(kc, {
    namespace: config.CLUSTER_NAMESPACE,
    imageFor: (provider, action) => imageFor(config, provider, action),
    job: {
      activeDeadlineSeconds: config.CLUSTER_JOB_DEADLINE_SECONDS,
      ttlSecondsAfterFinished: config.CLUSTER_JOB_TTL_SECONDS,
      runAsUser: config.CLUSTER_JOB_RUN_AS_USER,
      resources: {
        cpuRequest: config.CLUSTER_JOB_CPU_REQUEST,
        memoryRequest: config.CLUSTER_JOB_MEMORY_REQUEST,
        cpuLimit: config.CLUSTER_JOB_CPU_LIMIT,
        memoryLimit: config.CLUSTER_JOB_MEMORY_LIMIT,
      },
    },
  });
}
