import { randomUUID } from 'node:crypto';
import {
  type KubernetesTestCluster,
  type Platform,
  startKubernetesTestCluster,
  startPlatform,
  waitUntil,
} from '@strata/testing';
import { claimsOf, newUser, type TestUser } from './support/orgs';

/**
 * Clusters through the gateway, with the cluster service's Kubernetes runner talking through the
 * real @kubernetes/client-node to the Kubernetes API stand-in, or to the cluster of KUBECONFIG
 * (docs/testing.md). The test drives each Job's Pod as a job image would (running, log lines,
 * termination message) through the test job image's orders.
 */
const sandbox = (name: string, extra: Record<string, unknown> = {}) => ({
  provider: 'sandbox',
  namePrefix: name,
  nameSuffix: 'e2e',
  region: 'sandbox-1',
  ...extra,
});

describe('clusters (Kubernetes runner against the API stand-in or KUBECONFIG)', () => {
  let k8s: KubernetesTestCluster;
  let platform: Platform;
  let owner: TestUser;
  let orgId: string;

  beforeAll(async () => {
    k8s = await startKubernetesTestCluster();
    platform = await startPlatform({ serviceEnv: { cluster: k8s.serviceEnv } });
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
  /** The run's Job, once its Pod exists. */
  const jobOf = (runId: string) => k8s.jobWithPod(runId);

  it('creates a sandbox cluster and follows its Job to READY with progress, outputs and logs', async () => {
    const res = await owner.api.post(base(), sandbox('lake'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'lake-e2e', state: 'PENDING', provider: 'sandbox' });
    const id = res.body.id as string;
    const runId = res.body.activeRunId as string;
    const job = await jobOf(runId);
    await k8s.running(job);
    await waitForState(id, 'PROVISIONING');
    await k8s.log(job, 'sandbox: network: working\n::strata-progress step=network percent=25\n');
    await waitUntil(async () => (await getCluster(id)).progress?.step === 'network', {
      timeoutMs: 10_000,
      description: 'the progress',
    });
    expect((await getCluster(id)).progress).toEqual({ step: 'network', percent: 25 });
    await k8s.log(job, 'sandbox: apply complete\n');
    await k8s.succeed(
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
    const destroyJob = await jobOf(del.body.id);
    await k8s.running(destroyJob);
    await k8s.succeed(destroyJob, JSON.stringify({ outputs: { destroyed: true } }));
    await waitForState(id, 'DELETED');
  });

  it('records a failure with its reason and log tail, and retries it with a new run', async () => {
    const res = await owner.api.post(base(), sandbox('fails'));
    const id = res.body.id as string;
    const job = await jobOf(res.body.activeRunId);
    await k8s.running(job);
    await k8s.log(job, 'step one\nstep two\nboom: quota exceeded\n');
    await k8s.fail(
      job,
      JSON.stringify({ outputs: {}, error: 'Simulated failure at step network.' }),
    );
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
    // (A cluster's Pod may start at once, so the cluster may already be PROVISIONING.)
    await waitUntil(
      async () => ['PENDING', 'PROVISIONING'].includes((await getCluster(id)).state),
      {
        timeoutMs: 15_000,
        description: 'the cluster to leave FAILED',
      },
    );
  });

  it('cancels a running apply: the Job is deleted and the cluster is CANCELLED, then deletable', async () => {
    const res = await owner.api.post(base(), sandbox('cancel'));
    const id = res.body.id as string;
    const job = await jobOf(res.body.activeRunId);
    await k8s.running(job);
    await waitForState(id, 'PROVISIONING');
    const cancel = await owner.api.post(`${base()}/${id}/runs/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('CANCELLED');
    await waitUntil(async () => !(await k8s.jobs()).some((j) => j.metadata?.name === job), {
      timeoutMs: 30_000,
      description: 'the cancelled Job to be gone',
    });
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
