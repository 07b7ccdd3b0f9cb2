import { randomUUID } from 'node:crypto';
import {
  type KubernetesApiStandIn,
  type Platform,
  startKubernetesApiStandIn,
  startPlatform,
  waitUntil,
} from '@strata/testing';
import { claimsOf, newUser, type TestUser } from './support/orgs';

/**
 * Clusters through the gateway, with the cluster service's Kubernetes runner talking through the
 * real @kubernetes/client-node to the Kubernetes API stand-in, which the test drives like the
 * sandbox image would (Pod Running, log lines, termination message). See docs/testing.md for
 * running against a real cluster.
 */
const sandbox = (name: string, extra: Record<string, unknown> = {}) => ({
  provider: 'sandbox',
  namePrefix: name,
  nameSuffix: 'e2e',
  region: 'sandbox-1',
  ...extra,
});

describe('clusters (Kubernetes runner against the API stand-in)', () => {
  let k8s: KubernetesApiStandIn;
  let platform: Platform;
  let owner: TestUser;
  let orgId: string;

  beforeAll(async () => {
    k8s = await startKubernetesApiStandIn();
    platform = await startPlatform({
      serviceEnv: { cluster: { KUBECONFIG: k8s.kubeconfigPath, CLUSTER_RUNNER: 'kubernetes' } },
    });
    owner = await newUser(platform, 'cluster-owner');
    orgId = claimsOf(owner.accessToken).org as string;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await k8s?.stop();
  });

  const base = () => `/api/v1/orgs/${orgId}/clusters`;
  const getCluster = async (id: string) => (await owner.api.get(`${base()}/${id}`)).body;
  const waitForState = (id: string, state: string) =>
    waitUntil(async () => (await getCluster(id)).state === state, {
      timeoutMs: 15_000,
      description: 'the cluster to get there',
    });
  const jobOf = (runId: string) => {
    const job = k8s.jobs().find((j) => j.metadata.labels?.['strata.dev/run-id'] === runId);
    if (!job) throw new Error(`no job for run ${runId}`);
    return job.metadata.name;
  };

  it('creates a sandbox cluster and follows its Job to READY with progress, outputs and logs', async () => {
    const res = await owner.api.post(base(), sandbox('lake'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'lake-e2e', state: 'PENDING', provider: 'sandbox' });
    const id = res.body.id as string;
    const runId = res.body.activeRunId as string;
    await waitUntil(async () => k8s.podOf(jobOf(runId)) !== undefined, {
      timeoutMs: 10_000,
      description: 'the cluster to get there',
    });
    const job = jobOf(runId);
    k8s.runPod(job);
    await waitForState(id, 'PROVISIONING');
    k8s.appendLog(job, 'sandbox: network: working\n::strata-progress step=network percent=25\n');
    await waitUntil(async () => (await getCluster(id)).progress?.step === 'network', {
      timeoutMs: 10_000,
      description: 'the progress',
    });
    expect((await getCluster(id)).progress).toEqual({ step: 'network', percent: 25 });
    k8s.appendLog(job, 'sandbox: apply complete\n');
    k8s.succeed(
      job,
      JSON.stringify({ outputs: { endpoint: 'https://lake.example', version: '1.33' } }),
    );
    await waitForState(id, 'READY');
    expect((await getCluster(id)).outputs).toEqual({
      endpoint: 'https://lake.example',
      version: '1.33',
    });
    const logs = await owner.api.get(`${base()}/${id}/runs/${runId}/logs?after=0`);
    expect(logs.status).toBe(200);
    const text = logs.body.chunks.map((c: { text: string }) => c.text).join('');
    expect(text).toBe(
      'sandbox: network: working\n::strata-progress step=network percent=25\nsandbox: apply complete\n',
    );
    const later = await owner.api.get(
      `${base()}/${id}/runs/${runId}/logs?after=${logs.body.nextOffset}`,
    );
    expect(later.body.chunks).toEqual([]);
    expect(later.body.complete).toBe(true);
    const runs = await owner.api.get(`${base()}/${id}/runs`);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ action: 'apply', state: 'SUCCEEDED' });

    // delete -> DELETING -> DELETED
    const del = await owner.api.delete(`${base()}/${id}`);
    expect(del.status).toBe(202);
    await waitForState(id, 'DELETING');
    await waitUntil(async () => k8s.podOf(jobOf(del.body.id)) !== undefined, {
      timeoutMs: 10_000,
      description: 'the cluster to get there',
    });
    k8s.runPod(jobOf(del.body.id));
    k8s.succeed(jobOf(del.body.id), JSON.stringify({ outputs: { destroyed: true } }));
    await waitForState(id, 'DELETED');
  });

  it('records a failure with its reason and log tail, and retries it with a new run', async () => {
    const res = await owner.api.post(base(), sandbox('fails'));
    const id = res.body.id as string;
    const job = jobOf(res.body.activeRunId);
    await waitUntil(async () => k8s.podOf(job) !== undefined, {
      timeoutMs: 10_000,
      description: 'the cluster to get there',
    });
    k8s.runPod(job);
    k8s.appendLog(job, 'step one\nstep two\nboom: quota exceeded\n');
    k8s.fail(job, JSON.stringify({ outputs: {}, error: 'Simulated failure at step network.' }));
    await waitForState(id, 'FAILED');
    const cluster = await getCluster(id);
    expect(cluster.failureReason).toBe('Simulated failure at step network.');
    const runs = (await owner.api.get(`${base()}/${id}/runs`)).body.items;
    expect(runs[0]).toMatchObject({
      state: 'FAILED',
      failureReason: 'Simulated failure at step network.',
    });
    expect(runs[0].logTail).toBe('step one\nstep two\nboom: quota exceeded');
    const retry = await owner.api.post(`${base()}/${id}/runs/retry`, {});
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ action: 'apply', state: 'PENDING' });
    await waitForState(id, 'PENDING');
  });

  it('cancels a running apply: the Job is deleted and the cluster is CANCELLED, then deletable', async () => {
    const res = await owner.api.post(base(), sandbox('cancel'));
    const id = res.body.id as string;
    const job = jobOf(res.body.activeRunId);
    await waitUntil(async () => k8s.podOf(job) !== undefined, {
      timeoutMs: 10_000,
      description: 'the cluster to get there',
    });
    k8s.runPod(job);
    await waitForState(id, 'PROVISIONING');
    const cancel = await owner.api.post(`${base()}/${id}/runs/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('CANCELLED');
    expect(k8s.jobs().some((j) => j.metadata.name === job)).toBe(false);
    await waitForState(id, 'CANCELLED');
    // one active run per cluster: a second delete while the first destroy runs is refused
    const del = await owner.api.delete(`${base()}/${id}`);
    expect(del.status).toBe(202);
    const again = await owner.api.delete(`${base()}/${id}`);
    expect(again.status).toBe(409);
  });

  it('gives field errors for overlapping CIDRs, a bad name and an unsupported version', async () => {
    const res = await owner.api.post(
      base(),
      sandbox('Bad_Name', {
        kubernetesVersion: '1.20',
        vpcCidr: '10.0.0.0/16',
        publicSubnetCidrs: ['10.0.0.0/20', '10.0.8.0/24'],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('cluster.validation_failed');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['namePrefix', 'publicSubnetCidrs.1', 'kubernetesVersion']),
    );
  });

  it('makes one cluster from two POSTs with one Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await owner.api.post(base(), sandbox('idem'), {
      headers: { 'idempotency-key': key },
    });
    const second = await owner.api.post(base(), sandbox('idem'), {
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const list = await owner.api.get(base());
    expect(list.body.items.filter((c: { name: string }) => c.name === 'idem-e2e')).toHaveLength(1);
  });

  it('answers 404 for another organization', async () => {
    const other = await newUser(platform, 'cluster-other');
    const res = await other.api.post(base(), sandbox('intruder'));
    expect(res.status).toBe(404);
  });
});
