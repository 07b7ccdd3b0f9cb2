import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Platform, startPlatform, waitUntil } from '@strata/testing';
import { claimsOf, newUser, type TestUser } from './support/orgs';
import { SseClient } from './support/sse-client';

/**
 * Data tools on a sandbox cluster with nothing standing in for the installer (issue 11): the
 * cluster service's local runner runs services/cluster/sandbox/sandbox-installer.mjs for every
 * app run, as `npm start` does. Each of the five is installed to RUNNING, then upgraded and
 * uninstalled, and the whole of it is seen over the cluster's SSE stream, in order: the app's
 * states and the installer's own steps (the catalog app's simulated workloads). A run that fails
 * (SANDBOX_FAIL_AT) gives its reason and log tail, and its retry installs the app.
 */
const STEPS: Record<string, string[]> = {
  'code-server': ['deployment'],
  jupyterhub: ['image-puller', 'hub', 'proxy', 'user-scheduler'],
  mlflow: ['database', 'migrations', 'tracking-server'],
  airflow: ['database', 'migrations', 'scheduler', 'triggerer', 'webserver', 'create-user'],
  superset: ['database', 'redis', 'web', 'worker', 'init-db'],
};
const CATALOG = Object.keys(STEPS);

describe('apps on a sandbox cluster, run by the sandbox installer', () => {
  let platform: Platform;
  let workDir: string;
  let owner: TestUser;
  let orgId: string;
  let clusterId: string;
  let clusterName: string;
  let sse: SseClient;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'strata-apps-sandbox-'));
    platform = await startPlatform({
      serviceEnv: {
        cluster: { CLUSTER_RUNNER: 'local', CLUSTER_LOCAL_WORKDIR: workDir },
        gateway: { SSE_HEARTBEAT_SECONDS: '1' },
      },
    });
    owner = await newUser(platform, 'apps-sandbox');
    orgId = claimsOf(owner.accessToken).org as string;
    const suffix = Date.now().toString(36);
    const created = await owner.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'tools',
      nameSuffix: suffix,
      region: 'sandbox-1',
    });
    expect(created.status).toBe(201);
    clusterId = created.body.id as string;
    clusterName = `tools-${suffix}`;
    await waitUntil(async () => (await owner.api.get(clusters(clusterId))).body.state === 'READY', {
      timeoutMs: 60_000,
      description: 'the sandbox cluster READY',
    });
    sse = await new SseClient(`${platform.gatewayUrl}/api/v1/events?cluster=${clusterId}`, {
      authorization: `Bearer ${owner.accessToken}`,
    }).open();
    expect(sse.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    sse?.close();
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const clusters = (id = '') => `/api/v1/orgs/${orgId}/clusters${id ? `/${id}` : ''}`;
  const apps = () => `${clusters(clusterId)}/apps`;
  const getApp = async (appId: string) => (await owner.api.get(`${apps()}/${appId}`)).body;
  const waitForApp = (appId: string, state: string) =>
    waitUntil(async () => (await getApp(appId)).state === state, {
      timeoutMs: 60_000,
      description: `app ${appId} to be ${state}`,
    });
  /** The app's states as the stream pushed them, in arrival order. */
  const statesOf = (appId: string) =>
    sse
      .of('app')
      .filter((e) => e.json.appId === appId)
      .map((e) => e.json.to as string);
  /** A run's log as the stream pushed it, chunk by chunk in offset order. */
  const logOf = (runId: string) =>
    sse
      .of('log')
      .filter((e) => e.json.runId === runId)
      .sort((a, b) => Number(a.json.offset) - Number(b.json.offset))
      .map((e) => String(e.json.text))
      .join('');
  /** The run's `::strata-progress` lines in its streamed log (as the web client reads them). */
  const progressOf = (runId: string) =>
    [...logOf(runId).matchAll(/^::strata-progress step=(\S+) percent=(\d+)$/gm)].map((m) => ({
      step: m[1]!,
      percent: Number(m[2]),
    }));
  /** Where each line occurs in `text`, in the order given: -1 for a missing one. */
  const positions = (text: string, lines: string[]) => lines.map((l) => text.indexOf(l));

  const installed: Record<string, { appId: string; runs: string[] }> = {};

  it('installs each of the five to RUNNING, its states and the installer’s steps seen over SSE in order', async () => {
    for (const catalogId of CATALOG) {
      const res = await owner.api.post(apps(), { catalogId });
      expect(res.status).toBe(201);
      installed[catalogId] = { appId: res.body.id, runs: [res.body.activeRunId] };
    }
    const catalog = (await owner.api.get(`${clusters(clusterId)}/app-catalog`)).body
      .items as Array<{
      id: string;
      chartVersion: string;
      appVersion: string;
    }>;
    for (const catalogId of CATALOG) {
      const { appId, runs } = installed[catalogId]!;
      await waitForApp(appId, 'RUNNING');
      await sse.until(() => statesOf(appId).includes('RUNNING'), 30_000);
      expect(statesOf(appId)).toEqual(['INSTALLING', 'RUNNING']);
      const steps = ['prepare', 'chart', ...STEPS[catalogId]!, 'ready'];
      await sse.until(() => logOf(runs[0]!).includes('sandbox: install complete'), 30_000);
      const log = logOf(runs[0]!);
      const at = positions(
        log,
        steps.map((s) => `sandbox: ${s}: ready`),
      );
      expect(at).not.toContain(-1);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // Every step's progress line came over the stream, in order, the percentage rising to 100.
      const progress = progressOf(runs[0]!);
      expect(progress.map((p) => p.step)).toEqual(steps);
      const percents = progress.map((p) => p.percent);
      expect([...percents].sort((a, b) => a - b)).toEqual(percents);
      expect(percents.at(-1)).toBe(100);

      const entry = catalog.find((c) => c.id === catalogId)!;
      const app = await getApp(appId);
      const release = app.release as string;
      expect(app).toMatchObject({
        state: 'RUNNING',
        url: `https://${release}.${clusterName}.sandbox.strata.invalid/`,
        urls: [`https://${release}.${clusterName}.sandbox.strata.invalid/`],
        chartVersion: entry.chartVersion,
        appVersion: entry.appVersion,
        activeRunId: null,
        failureReason: null,
      });
    }
  }, 120_000);

  it('upgrades each (UPGRADING -> RUNNING) and uninstalls each (UNINSTALLING -> UNINSTALLED), in order over SSE', async () => {
    for (const catalogId of CATALOG) {
      const { appId, runs } = installed[catalogId]!;
      const changed = await owner.api.patch(`${apps()}/${appId}`, { settings: { cpu: '1' } });
      expect(changed.status).toBe(202);
      expect(changed.body.state).toBe('UPGRADING');
      runs.push(changed.body.activeRunId);
    }
    for (const catalogId of CATALOG) {
      const { appId, runs } = installed[catalogId]!;
      await waitForApp(appId, 'RUNNING');
      await sse.until(() => logOf(runs[1]!).includes('sandbox: upgrade complete'), 30_000);
      expect((await getApp(appId)).settings).toMatchObject({ cpu: '1' });
      const deleted = await owner.api.delete(`${apps()}/${appId}`);
      expect(deleted.status).toBe(202);
      expect(deleted.body.state).toBe('UNINSTALLING');
      runs.push(deleted.body.activeRunId);
    }
    for (const catalogId of CATALOG) {
      const { appId, runs } = installed[catalogId]!;
      await waitForApp(appId, 'UNINSTALLED');
      await sse.until(() => statesOf(appId).includes('UNINSTALLED'), 30_000);
      expect(statesOf(appId)).toEqual([
        'INSTALLING',
        'RUNNING',
        'UPGRADING',
        'RUNNING',
        'UNINSTALLING',
        'UNINSTALLED',
      ]);
      const log = logOf(runs[2]!);
      const at = positions(log, ['sandbox: uninstall: done', 'sandbox: cleanup: done']);
      expect(at).not.toContain(-1);
      expect(at[0]).toBeLessThan(at[1]!);
      const app = await getApp(appId);
      expect(app.url).toBeNull();
      const history = (await owner.api.get(`${apps()}/${appId}/runs`)).body.items as Array<{
        id: string;
        action: string;
        state: string;
      }>;
      expect(history.map((r) => [r.id, r.action, r.state])).toEqual([
        [runs[2], 'uninstall', 'SUCCEEDED'],
        [runs[1], 'upgrade', 'SUCCEEDED'],
        [runs[0], 'install', 'SUCCEEDED'],
      ]);
    }
  }, 120_000);

  it('fails an install at a step with its reason and log tail; the retry installs it', async () => {
    const res = await owner.api.post(apps(), { catalogId: 'jupyterhub', sandboxFailAt: 'proxy' });
    expect(res.status).toBe(201);
    const appId = res.body.id as string;
    await waitForApp(appId, 'FAILED');
    expect((await getApp(appId)).failureReason).toBe('Simulated failure at step proxy.');
    const [run] = (await owner.api.get(`${apps()}/${appId}/runs`)).body.items;
    expect(run).toMatchObject({ id: res.body.activeRunId, action: 'install', state: 'FAILED' });
    expect(run.logTail).toContain('sandbox: proxy: failed on request (SANDBOX_FAIL_AT=proxy)');
    expect(run.logTail).not.toContain('sandbox: proxy: ready');
    await sse.until(() => statesOf(appId).includes('FAILED'), 30_000);
    expect(statesOf(appId)).toEqual(['INSTALLING', 'FAILED']);

    // Nothing was ever installed: no admin credentials to read yet.
    const early = await owner.api.get(`${apps()}/${appId}/admin-credentials`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('cluster.app_not_installed');

    const retry = await owner.api.post(`${apps()}/${appId}/runs/retry`, {});
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ action: 'install' });
    await waitForApp(appId, 'RUNNING');
    await sse.until(() => statesOf(appId).includes('RUNNING'), 30_000);
    expect(statesOf(appId)).toEqual(['INSTALLING', 'FAILED', 'INSTALLING', 'RUNNING']);
    expect(await getApp(appId)).toMatchObject({ failureReason: null, activeRunId: null });
    const creds = await owner.api.get(`${apps()}/${appId}/admin-credentials`);
    expect(creds.status).toBe(200);
    expect(creds.body).toEqual({ username: 'admin', password: expect.any(String) });
  }, 90_000);
});
