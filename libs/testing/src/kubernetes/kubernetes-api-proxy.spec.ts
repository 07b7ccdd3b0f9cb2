import { BatchV1Api, CoreV1Api, KubeConfig, Log, Watch } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import {
  startKubernetesApiStandIn,
  type KubernetesApiStandIn,
} from '../stand-ins/kubernetes-api.stand-in';
import { waitUntil } from '../wait-until';
import { JobPuppet } from './job-puppet';
import { startKubernetesApiProxy, type KubernetesApiProxy } from './kubernetes-api-proxy';

/**
 * The pieces the cluster suites use against a real cluster, exercised here in front of the
 * stand-in with the real @kubernetes/client-node: the proxy (creates kept as sent, watches
 * counted, broken, answered 410 Gone) and the job puppet's orders given by exec.
 */
describe('Kubernetes API proxy and job puppet (against the stand-in)', () => {
  const ns = 'strata-runs';
  let standIn: KubernetesApiStandIn;
  let proxy: KubernetesApiProxy;
  let viaProxy: KubeConfig;
  let direct: KubeConfig;

  beforeAll(async () => {
    standIn = await startKubernetesApiStandIn();
    direct = new KubeConfig();
    direct.loadFromFile(standIn.kubeconfigPath);
    proxy = await startKubernetesApiProxy(direct);
    viaProxy = new KubeConfig();
    viaProxy.loadFromFile(proxy.kubeconfigPath);
  });
  afterAll(async () => {
    await proxy.stop();
    await standIn.stop();
  });

  const job = (name: string) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { app: 'proxy-spec' } },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'x' }] } },
    },
  });

  it('forwards creates and keeps their bodies exactly as sent', async () => {
    const batch = viaProxy.makeApiClient(BatchV1Api);
    const created = await batch.createNamespacedJob({ namespace: ns, body: job('kept') });
    expect(created.metadata?.uid).toBeDefined();
    expect(proxy.sent('jobs')).toEqual([job('kept')]);
    const read = await batch.readNamespacedJob({ name: 'kept', namespace: ns });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
  });

  it('counts watches, breaks them, and ends them with a 410 Gone the client sees', async () => {
    const watch = new Watch(viaProxy);
    const watchesBefore = proxy.watchCount();
    const seen: string[] = [];
    let ended: unknown = 'open';
    await watch.watch(
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      { labelSelector: 'app=proxy-spec' },
      (type, object: { metadata?: { name?: string }; code?: number }) =>
        seen.push(type === 'ERROR' ? `ERROR ${object.code}` : `${type} ${object.metadata?.name}`),
      (error) => (ended = error ?? null),
    );
    await waitUntil(async () => seen.includes('ADDED kept'), { timeoutMs: 5000 });
    expect(proxy.watchCount()).toBe(watchesBefore + 1);
    const goneBefore = proxy.goneCount();
    proxy.injectGone();
    await waitUntil(async () => ended !== 'open', { timeoutMs: 5000 });
    expect(seen).toContain('ERROR 410');
    expect(proxy.goneCount()).toBe(goneBefore + 1);

    ended = 'open';
    await watch.watch(
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      {},
      () => undefined,
      (error) => (ended = error ?? null),
    );
    proxy.breakWatches();
    await waitUntil(async () => ended !== 'open', { timeoutMs: 5000 });
    expect(proxy.goneCount()).toBe(goneBefore + 1);
  });

  it('counts a 410 Gone that the API server itself sends', async () => {
    const watch = new Watch(viaProxy);
    const goneBefore = proxy.goneCount();
    standIn.compact();
    let ended: unknown = 'open';
    await watch.watch(
      `/apis/batch/v1/namespaces/${ns}/jobs`,
      { resourceVersion: '1' },
      () => undefined,
      (error) => (ended = error ?? null),
    );
    await waitUntil(async () => ended !== 'open', { timeoutMs: 5000 });
    expect(proxy.goneCount()).toBe(goneBefore + 1);
  });

  it('drives a running Pod through exec: log lines, then the exit and its termination message', async () => {
    const batch = direct.makeApiClient(BatchV1Api);
    const core = direct.makeApiClient(CoreV1Api);
    await batch.createNamespacedJob({ namespace: ns, body: job('puppet') });
    const pod = standIn.podOf('puppet')!.metadata.name;
    const puppet = new JobPuppet(direct);
    // Not running yet: the API server refuses the exec.
    await expect(puppet.log(ns, pod, 'too early\n')).rejects.toBeDefined();
    standIn.runPod('puppet');
    await puppet.log(ns, pod, 'line one\nline two\n');
    let text = '';
    await new Log(direct).log(
      ns,
      pod,
      'job',
      new Writable({
        write(chunk: Buffer, _e, done) {
          text += chunk.toString('utf8');
          done();
        },
      }),
      { follow: false },
    );
    await waitUntil(async () => text.length > 0, { timeoutMs: 5000 });
    expect(text).toBe('line one\nline two\n');
    await puppet.exit(ns, pod, 3, '{"error":"boom"}');
    const ended = await core.readNamespacedPod({ name: pod, namespace: ns });
    expect(ended.status?.phase).toBe('Failed');
    expect(ended.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      message: '{"error":"boom"}',
    });
  });
});
