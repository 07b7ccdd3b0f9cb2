import { randomBytes } from 'node:crypto';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Job,
  type V1Pod,
  type V1Secret,
} from '@kubernetes/client-node';
import {
  startKubernetesApiStandIn,
  type EndOptions,
  type KubernetesApiStandIn,
} from '../stand-ins/kubernetes-api.stand-in';
import { harnessLog } from '../harness-log';
import { waitUntil } from '../wait-until';
import { JOB_PUPPET_IMAGE, JobPuppet } from './job-puppet';
import { startKubernetesApiProxy, type SentManifest } from './kubernetes-api-proxy';

const STAND_IN_NAMESPACE = 'strata-runs';
const MANAGED = 'strata.dev/managed-by=strata-cluster';

/**
 * Where the cluster suites run their Jobs: the Kubernetes API stand-in, or, when KUBECONFIG is
 * set, the cluster it names (a kind cluster: see docs/testing.md) in a namespace of its own. The
 * suite does the same in both: it reads objects through the API, drives each Job's Pod through
 * the test job image's orders (exec), and breaks watches or answers 410 Gone through a proxy in
 * front of the API server, which the cluster service talks to.
 */
export interface KubernetesTestCluster {
  mode: 'stand-in' | 'kubeconfig';
  namespace: string;
  /** The image every provider's Jobs run in the suite (the test job puppet). */
  jobImage: string;
  /** The cluster service's environment: KUBECONFIG (through the proxy), namespace, images. */
  serviceEnv: Record<string, string>;
  /** The manifests the service created, exactly as it sent them. */
  sent(resource: 'jobs' | 'secrets'): SentManifest[];
  jobs(): Promise<V1Job[]>;
  secrets(): Promise<V1Secret[]>;
  jobOfRun(runId: string): Promise<V1Job | undefined>;
  /** Waits for the run's Job and its Pod; answers the Job's name. */
  jobWithPod(runId: string): Promise<string>;
  podOf(jobName: string): Promise<V1Pod | undefined>;
  /** The Job's Pod running (the stand-in is told to run it; a real cluster is waited for). */
  running(jobName: string): Promise<void>;
  log(jobName: string, text: string): Promise<void>;
  succeed(jobName: string, terminationMessage: string, options?: EndOptions): Promise<void>;
  fail(
    jobName: string,
    terminationMessage: string,
    exitCode?: number,
    options?: EndOptions,
  ): Promise<void>;
  /** Deletes a Job as another actor would, and waits until it and its Pod are gone. */
  deleteJob(jobName: string): Promise<boolean>;
  breakWatches(): void;
  /** The API server forgets the history so far: a watch gets 410 Gone. */
  compact(): void;
  goneCount(): number;
  watchCount(): number;
  /** How many times the service read the log of the Job's Pod (streams opened), through the proxy. */
  logReads(jobName: string): Promise<number>;
  stop(): Promise<void>;
}

const isStatus = (error: unknown, code: number) =>
  error instanceof ApiException && error.code === code;

/** A real cluster only when it is plainly a test cluster: kind, or the context named in STRATA_E2E_KUBE_CONTEXT. */
function checkTestCluster(kc: KubeConfig) {
  const context = kc.getCurrentContext();
  if (context.startsWith('kind-') || context === process.env.STRATA_E2E_KUBE_CONTEXT) return;
  throw new Error(
    `KUBECONFIG's current context "${context}" is not a kind cluster; the cluster suites create ` +
      'and delete namespaces and Jobs there. Set STRATA_E2E_KUBE_CONTEXT to that context name to ' +
      'use it anyway.',
  );
}

export async function startKubernetesTestCluster(): Promise<KubernetesTestCluster> {
  const kubeconfig = process.env.KUBECONFIG;
  let standIn: KubernetesApiStandIn | undefined;
  const kc = new KubeConfig();
  let namespace: string;
  if (kubeconfig) {
    kc.loadFromDefault(); // KUBECONFIG, which may list several files
    checkTestCluster(kc);
    namespace = `strata-e2e-${randomBytes(4).toString('hex')}`;
  } else {
    standIn = await startKubernetesApiStandIn();
    kc.loadFromFile(standIn.kubeconfigPath);
    namespace = STAND_IN_NAMESPACE;
  }
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  if (!standIn)
    await core.createNamespace({
      body: { metadata: { name: namespace, labels: { 'strata.dev/e2e': 'true' } } },
    });
  const proxy = await startKubernetesApiProxy(kc);
  harnessLog(
    standIn
      ? `kubernetes: the API stand-in at ${standIn.url}, through the proxy at ${proxy.url}`
      : `kubernetes: KUBECONFIG context ${kc.getCurrentContext()} (${kc.getCurrentCluster()?.server}), namespace ${namespace}, through the proxy at ${proxy.url}`,
  );
  const puppet = new JobPuppet(kc);
  const jobImage = process.env.STRATA_E2E_JOB_IMAGE ?? JOB_PUPPET_IMAGE;

  const jobs = async () =>
    (await batch.listNamespacedJob({ namespace, labelSelector: MANAGED })).items;
  const jobOfRun = async (runId: string) =>
    (await batch.listNamespacedJob({ namespace, labelSelector: `strata.dev/run-id=${runId}` }))
      .items[0];
  const podOf = async (jobName: string) =>
    (await core.listNamespacedPod({ namespace, labelSelector: `job-name=${jobName}` })).items[0];
  const requirePod = async (jobName: string) => {
    const pod = await podOf(jobName);
    if (!pod?.metadata?.name) throw new Error(`no Pod for Job ${jobName}`);
    return pod.metadata.name;
  };
  const end = async (jobName: string, code: number, message: string, options?: EndOptions) => {
    // The order of a Job's and its Pod's ends can only be chosen on the stand-in.
    if (standIn && (options?.podLagMs !== undefined || options?.logLeadMs !== undefined)) {
      if (code === 0) standIn.succeed(jobName, message, options);
      else standIn.fail(jobName, message, code, options);
      return;
    }
    await puppet.exit(namespace, await requirePod(jobName), code, message);
  };

  return {
    mode: standIn ? 'stand-in' : 'kubeconfig',
    namespace,
    jobImage,
    serviceEnv: {
      KUBECONFIG: proxy.kubeconfigPath,
      CLUSTER_RUNNER: 'kubernetes',
      CLUSTER_NAMESPACE: namespace,
      ...Object.fromEntries(
        ['SANDBOX', 'AWS', 'AZURE', 'GCP'].flatMap((provider) =>
          ['APPLY', 'DESTROY'].map((action) => [`CLUSTER_IMAGE_${provider}_${action}`, jobImage]),
        ),
      ),
    },
    sent: (resource) => proxy.sent(resource),
    jobs,
    secrets: async () =>
      (await core.listNamespacedSecret({ namespace, labelSelector: MANAGED })).items,
    jobOfRun,
    podOf,
    async jobWithPod(runId) {
      let name: string | undefined;
      await waitUntil(
        async () => {
          name = (await jobOfRun(runId))?.metadata?.name;
          return name !== undefined && (await podOf(name)) !== undefined;
        },
        { timeoutMs: 15_000, description: `the Job and Pod of run ${runId}` },
      );
      return name!;
    },
    async running(jobName) {
      if (standIn) standIn.runPod(jobName);
      await waitUntil(async () => (await podOf(jobName))?.status?.phase === 'Running', {
        timeoutMs: 120_000,
        description: `the Pod of Job ${jobName} to run`,
      });
    },
    log: async (jobName, text) => puppet.log(namespace, await requirePod(jobName), text),
    succeed: (jobName, message, options) => end(jobName, 0, message, options),
    fail: (jobName, message, exitCode = 1, options) => end(jobName, exitCode, message, options),
    async deleteJob(jobName) {
      try {
        await batch.deleteNamespacedJob({
          name: jobName,
          namespace,
          propagationPolicy: 'Foreground',
          gracePeriodSeconds: 0,
        });
      } catch (error) {
        if (isStatus(error, 404)) return false;
        throw error;
      }
      await waitUntil(
        async () =>
          !(await jobs()).some((j) => j.metadata?.name === jobName) &&
          (await podOf(jobName)) === undefined,
        { timeoutMs: 60_000, description: `Job ${jobName} and its Pod to be gone` },
      );
      return true;
    },
    breakWatches: () => proxy.breakWatches(),
    compact() {
      // The stand-in forgets its history, so the resumed watch is refused by the server itself;
      // a real API server cannot be made to compact on demand, so the proxy answers for it.
      if (standIn) standIn.compact();
      else proxy.injectGone();
    },
    goneCount: () => proxy.goneCount(),
    watchCount: () => proxy.watchCount(),
    logReads: async (jobName) => proxy.logReads(await requirePod(jobName)),
    async stop() {
      await proxy.stop();
      if (standIn) await standIn.stop();
      else
        await core
          .deleteNamespace({ name: namespace, propagationPolicy: 'Background' })
          .catch(() => undefined);
    },
  };
}
