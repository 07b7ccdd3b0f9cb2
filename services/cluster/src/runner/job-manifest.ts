import type { V1Job, V1Secret } from '@kubernetes/client-node';
import type { RunSpec } from './job-runner';

export const MANAGED_BY_LABEL = 'strata.dev/managed-by';
export const MANAGED_BY = 'strata-cluster';
export const RUN_ID_LABEL = 'strata.dev/run-id';
export const CONTAINER_NAME = 'job';
export const TERMINATION_MESSAGE_PATH = '/dev/termination-log';

export interface JobSettings {
  namespace: string;
  image: string;
  /** The container's command, when the image's entrypoint is not the run's (sandbox installs). */
  command?: string[];
  activeDeadlineSeconds: number;
  ttlSecondsAfterFinished: number;
  runAsUser: number;
  resources: { cpuRequest: string; memoryRequest: string; cpuLimit: string; memoryLimit: string };
}

export const secretNameFor = (jobName: string) => `${jobName}-credentials`;

/**
 * The Job of a run. Parameters are plain env values; credentials are never here: with
 * credentials, the container takes the whole Secret through `envFrom` (the Secret is created
 * right after the Job, owned by it: see docs/job-contract.md).
 */
export function buildJob(spec: RunSpec, settings: JobSettings): V1Job {
  const labels = {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    'strata.dev/cluster-id': spec.clusterId,
    [RUN_ID_LABEL]: spec.runId,
    'strata.dev/org-id': spec.orgId,
    'strata.dev/action': spec.action,
    'strata.dev/provider': spec.provider,
    ...(spec.appId ? { 'strata.dev/app-id': spec.appId } : {}),
  };
  const env = Object.entries(spec.params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: spec.jobName, namespace: settings.namespace, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: settings.activeDeadlineSeconds,
      ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: settings.runAsUser,
            runAsGroup: settings.runAsUser,
            fsGroup: settings.runAsUser,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: CONTAINER_NAME,
              image: settings.image,
              ...(settings.command ? { command: settings.command } : {}),
              env,
              ...(spec.credentials
                ? { envFrom: [{ secretRef: { name: secretNameFor(spec.jobName) } }] }
                : {}),
              terminationMessagePath: TERMINATION_MESSAGE_PATH,
              terminationMessagePolicy: 'File',
              securityContext: {
                runAsNonRoot: true,
                runAsUser: settings.runAsUser,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              resources: {
                requests: {
                  cpu: settings.resources.cpuRequest,
                  memory: settings.resources.memoryRequest,
                },
                limits: {
                  cpu: settings.resources.cpuLimit,
                  memory: settings.resources.memoryLimit,
                },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
    },
  };
}

/** The run's credentials, owned by its Job (deleted with it by the garbage collector). */
export function buildSecret(
  spec: RunSpec,
  job: { uid: string; name: string },
  namespace: string,
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secretNameFor(spec.jobName),
      namespace,
      labels: {
        [MANAGED_BY_LABEL]: MANAGED_BY,
        [RUN_ID_LABEL]: spec.runId,
        'strata.dev/cluster-id': spec.clusterId,
        'strata.dev/org-id': spec.orgId,
        ...(spec.appId ? { 'strata.dev/app-id': spec.appId } : {}),
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job.name,
          uid: job.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    type: 'Opaque',
    stringData: spec.credentials ?? {},
  };
}
