import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { isAppAction } from '../apps/app-state';
import { imageFor, type ClusterConfig } from '../config';
import type { JobRunner } from './job-runner';
import { KubernetesRunner } from './kubernetes-runner';
import { LocalRunner } from './local-runner';

/** The sandbox job shipped with the service (services/cluster/sandbox/sandbox-job.mjs). */
export const SANDBOX_SCRIPT = path.join(__dirname, '..', '..', 'sandbox', 'sandbox-job.mjs');
/** The sandbox installer (app runs on sandbox clusters), beside it; in the sandbox-job image too. */
export const SANDBOX_INSTALLER_SCRIPT = path.join(
  __dirname,
  '..',
  '..',
  'sandbox',
  'sandbox-installer.mjs',
);
/** Where the sandbox-job image holds the sandbox installer (services/cluster/sandbox/Dockerfile). */
export const SANDBOX_INSTALLER_IN_IMAGE = ['node', '/opt/strata/sandbox-installer.mjs'];

/**
 * The image of a run: an app run's is the app installer (the sandbox installer on a sandbox
 * cluster), a cluster run's CLUSTER_IMAGE_<PROVIDER>_<ACTION>.
 */
export function runImageFor(config: ClusterConfig, provider: string, action: string) {
  if (!isAppAction(action)) return imageFor(config, provider, action);
  const image =
    provider === 'sandbox'
      ? config.CLUSTER_IMAGE_SANDBOX_INSTALLER
      : config.CLUSTER_IMAGE_APP_INSTALLER;
  return image === '' ? undefined : image;
}

export function runnerKind(config: ClusterConfig): 'kubernetes' | 'local' {
  if (config.CLUSTER_RUNNER !== 'auto') return config.CLUSTER_RUNNER;
  return config.KUBECONFIG || config.KUBERNETES_SERVICE_HOST ? 'kubernetes' : 'local';
}

export function createRunner(config: ClusterConfig): JobRunner {
  if (runnerKind(config) === 'local')
    return new LocalRunner({
      workDir: path.resolve(config.CLUSTER_LOCAL_WORKDIR),
      commandFor: (provider, action) =>
        provider !== 'sandbox'
          ? undefined
          : [process.execPath, isAppAction(action) ? SANDBOX_INSTALLER_SCRIPT : SANDBOX_SCRIPT],
    });
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return new KubernetesRunner(kc, {
    namespace: config.CLUSTER_NAMESPACE,
    imageFor: (provider, action) => runImageFor(config, provider, action),
    commandFor: (provider, action) =>
      provider === 'sandbox' && isAppAction(action) ? SANDBOX_INSTALLER_IN_IMAGE : undefined,
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
