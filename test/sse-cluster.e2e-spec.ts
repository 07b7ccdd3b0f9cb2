import {
  type KubernetesApiStandIn,
  type Platform,
  startKubernetesApiStandIn,
  startPlatform,
  waitUntil,
} from '@strata/testing';
import { claimsOf, newUser, type TestUser } from './support/orgs';
import { SseClient, type SseEvent } from './support/sse-client';

/**
 * A real sandbox cluster run (cluster service, Kubernetes runner, API stand-in) seen through
 * `GET /api/v1/events?cluster=<id>` (issue 6): status pushes and the run's notification in order
 * with growing ids, and the run's log lines with growing offsets, once each, across a reconnect.
 */
describe('SSE: a cluster’s status and run log', () => {
  let k8s: KubernetesApiStandIn;
  let platform: Platform;
  let owner: TestUser;
  let outsider: TestUser;
  let orgId: string;

  beforeAll(async () => {
    k8s = await startKubernetesApiStandIn();
    platform = await startPlatform({
      serviceEnv: {
        cluster: { KUBECONFIG: k8s.kubeconfigPath, CLUSTER_RUNNER: 'kubernetes' },
        gateway: { SSE_HEARTBEAT_SECONDS: '1' },
      },
    });
    [owner, outsider] = await Promise.all([
      newUser(platform, 'sse-cluster-owner'),
      newUser(platform, 'sse-cluster-outsider'),
    ]);
    orgId = claimsOf(owner.accessToken).org as string;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await k8s?.stop();
  });

  const base = () => `/api/v1/orgs/${orgId}/clusters`;
  const stream = (user: TestUser, query = '') =>
    new SseClient(`${platform.gatewayUrl}/api/v1/events${query}`, {
      authorization: `Bearer ${user.accessToken}`,
    });
  const ids = (events: SseEvent[]) =>
    events.filter((e) => e.id !== undefined).map((e) => Number(e.id));
  const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);
  const logsOf = (client: SseClient, runId: string) =>
    client.of('log').filter((e) => e.json.runId === runId);
  const logText = (client: SseClient, runId: string) =>
    logsOf(client, runId)
      .map((e) => e.json.text)
      .join('');
  const offsets = (client: SseClient, runId: string) =>
    logsOf(client, runId).map((e) => e.json.offset as number);
  const statuses = (client: SseClient, clusterId: string) =>
    client
      .of('cluster')
      .filter((e) => e.json.clusterId === clusterId)
      .map((e) => e.json.to);
  const jobOf = (runId: string) => {
    const job = k8s.jobs().find((j) => j.metadata.labels?.['strata.dev/run-id'] === runId);
    if (!job) throw new Error(`no job for run ${runId}`);
    return job.metadata.name;
  };
  /** The user's current push seq (a fresh stream's hello). */
  async function currentSeq(user: TestUser): Promise<string> {
    const s = await stream(user).open();
    await s.until((e) => e.some((x) => x.event === 'hello'));
    s.close();
    return String(s.of('hello')[0].json.lastSeq);
  }
  async function podOfRun(runId: string, what: string) {
    await waitUntil(
      async () => {
        try {
          return k8s.podOf(jobOf(runId)) !== undefined;
        } catch {
          return false;
        }
      },
      { timeoutMs: 10_000, description: what },
    );
    return jobOf(runId);
  }
  /**
   * A marker after a run's end: the (READY) cluster's deletion, whose DELETING push goes through
   * the same outbox, notify consumer and push path as the run's, and whose destroy run's log line
   * through the same log path. Once both are on `client`, whatever of the first run was sent
   * before them has arrived. Returns the destroy run's id.
   */
  async function markByDeleting(client: SseClient, clusterId: string) {
    const res = await owner.api.delete(`${base()}/${clusterId}`);
    expect(res.status).toBe(202);
    const runId = res.body.id as string;
    const job = await podOfRun(runId, 'the destroy run’s Pod');
    k8s.runPod(job);
    k8s.appendLog(job, 'sandbox: destroying\n');
    await client.until(
      () =>
        statuses(client, clusterId).includes('DELETING') &&
        logText(client, runId) === 'sandbox: destroying\n',
    );
    return runId;
  }
  async function createSandbox(name: string) {
    const res = await owner.api.post(base(), {
      provider: 'sandbox',
      namePrefix: name,
      nameSuffix: 'sse',
      region: 'sandbox-1',
    });
    expect(res.status).toBe(201);
    const runId = res.body.activeRunId as string;
    const job = await podOfRun(runId, 'the run’s Pod');
    return { clusterId: res.body.id as string, runId, job };
  }

  it('streams PENDING, PROVISIONING, READY, the run-succeeded notification and the log lines', async () => {
    const before = await currentSeq(owner);
    const { clusterId, runId, job } = await createSandbox('river');
    // Opened after the create: the PENDING push comes from the replay, the rest live.
    const client = await stream(owner, `?cluster=${clusterId}`).open(before);
    expect(client.status).toBe(200);
    await client.until(() => statuses(client, clusterId).includes('PENDING'));
    k8s.runPod(job);
    await client.until(() => statuses(client, clusterId).includes('PROVISIONING'));
    const lines = [
      'sandbox: network: working\n::strata-progress step=network percent=25\n',
      'sandbox: cluster: working\n',
      'sandbox: apply complete\n',
    ];
    for (const [i, line] of lines.entries()) {
      k8s.appendLog(job, line);
      await client.until(() => logText(client, runId) === lines.slice(0, i + 1).join(''));
    }
    k8s.succeed(job, JSON.stringify({ outputs: { endpoint: 'https://river.example' } }));
    await client.until(
      () =>
        statuses(client, clusterId).includes('READY') &&
        client.of('notification').some((n) => n.json.kind === 'cluster.run_succeeded'),
    );
    await markByDeleting(client, clusterId);
    client.close();

    expect(statuses(client, clusterId)).toEqual(['PENDING', 'PROVISIONING', 'READY', 'DELETING']);
    expect(
      client.of('notification').filter((n) => n.json.kind === 'cluster.run_succeeded'),
    ).toHaveLength(1);
    expect(increasing(ids(client.events))).toBe(true);
    const byId = (pred: (e: SseEvent) => boolean) => Number(client.events.find(pred)?.id);
    const provisioning = byId((e) => e.event === 'cluster' && e.json.to === 'PROVISIONING');
    const succeeded = byId(
      (e) => e.event === 'notification' && e.json.kind === 'cluster.run_succeeded',
    );
    expect(succeeded).toBeGreaterThan(provisioning);
    // The notification names the cluster as people know it.
    expect(
      client.events.find(
        (e) => e.event === 'notification' && e.json.kind === 'cluster.run_succeeded',
      )?.json.body,
    ).toBe('Creating cluster river-sse succeeded.');
    expect(Number(before)).toBeLessThan(Number(client.events.find((e) => e.id)?.id));
    // Log lines: once each, offsets growing, each chunk where the previous ended.
    const offs = offsets(client, runId);
    expect(offs[0]).toBe(0);
    expect(increasing(offs)).toBe(true);
    logsOf(client, runId).forEach((e, i, all) => {
      if (i > 0)
        expect(e.json.offset).toBe(
          (all[i - 1].json.offset as number) + Buffer.byteLength(all[i - 1].json.text as string),
        );
      expect(e.id).toBeUndefined(); // ids stay the push sequence
    });
    expect(logText(client, runId)).toBe(lines.join(''));
  });

  it('after a reconnect (Last-Event-ID, logAfter) sends exactly the missed pushes and log lines', async () => {
    const before = await currentSeq(owner);
    const { clusterId, runId, job } = await createSandbox('brook');
    const first = await stream(owner, `?cluster=${clusterId}`).open(before);
    k8s.runPod(job);
    k8s.appendLog(job, 'line one\n');
    await first.until(
      () =>
        statuses(first, clusterId).includes('PROVISIONING') &&
        logText(first, runId) === 'line one\n',
    );
    first.close();
    await first.ended();
    const lastId = first.lastEventId as string;
    const lastLog = logsOf(first, runId).at(-1)!;
    const resumeAt =
      (lastLog.json.offset as number) + Buffer.byteLength(lastLog.json.text as string);

    k8s.appendLog(job, 'line two\n');
    // Stored while no one listens (its own chunk, before line three is written).
    await waitUntil(
      async () => {
        const page = await owner.api.get(`${base()}/${clusterId}/runs/${runId}/logs?after=0`);
        const text = (page.body.chunks as Array<{ text: string }>).map((c) => c.text).join('');
        return text.includes('line two\n');
      },
      { timeoutMs: 10_000, description: 'line two stored' },
    );
    k8s.appendLog(job, 'line three\n');
    k8s.succeed(job, JSON.stringify({ outputs: {} }));
    await waitUntil(
      async () => (await owner.api.get(`${base()}/${clusterId}`)).body.state === 'READY',
      { timeoutMs: 15_000, description: 'READY' },
    );

    const second = await stream(owner, `?cluster=${clusterId}&logAfter=${runId}:${resumeAt}`).open(
      lastId,
    );
    await second.until(
      () =>
        logText(second, runId) === 'line two\nline three\n' &&
        statuses(second, clusterId).includes('READY') &&
        second.of('notification').some((n) => n.json.kind === 'cluster.run_succeeded'),
    );
    await markByDeleting(second, clusterId);
    second.close();
    expect(second.of('hello')[0].json).toEqual({ resumedAfter: Number(lastId) });
    const firstIds = ids(first.events);
    const secondIds = ids(second.events);
    expect(increasing(secondIds)).toBe(true);
    expect(secondIds[0]).toBeGreaterThan(firstIds.at(-1)!); // no duplicate
    expect(statuses(second, clusterId)).toEqual(['READY', 'DELETING']);
    expect(
      second.of('notification').filter((n) => n.json.kind === 'cluster.run_succeeded'),
    ).toHaveLength(1);
    expect(offsets(second, runId)[0]).toBe(resumeAt);
    expect(logText(first, runId) + logText(second, runId)).toBe('line one\nline two\nline three\n');
  });

  it('refuses a cluster the caller may not read, and a malformed one', async () => {
    const { clusterId } = await createSandbox('pond');
    const theirs = await stream(outsider, `?cluster=${clusterId}`).open();
    expect([403, 404]).toContain(theirs.status);
    const bad = await stream(owner, '?cluster=nope').open();
    expect(bad.status).toBe(400);
  });
});
