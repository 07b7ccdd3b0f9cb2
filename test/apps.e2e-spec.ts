import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  type AwsStsStandIn,
  type KubernetesTestCluster,
  type Platform,
  type S3rverStandIn,
  startAwsStsStandIn,
  startKubernetesTestCluster,
  startPlatform,
  startS3rver,
  waitUntil,
} from '@strata/testing';
import { claimsOf, joinOrg, newUser, type TestUser } from './support/orgs';
import { SseClient } from './support/sse-client';

/**
 * Data tools on a ready cluster (issue 11), the service side: the cluster service's Kubernetes
 * runner against the Kubernetes API stand-in, each app run driven through its Pod as the
 * installer would (log lines, termination message). One platform for the whole suite.
 */
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const INTERNAL_TOKEN = randomBytes(32).toString('base64url');
const AWS_KEY = {
  accessKeyId: 'AKIAAPPSEKSCLUSTER01',
  secretAccessKey: `apps/${randomBytes(18).toString('base64url')}`,
  accountId: '777788889999',
  arn: 'arn:aws:iam::777788889999:user/strata-apps',
};
const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBapps\n-----END CERTIFICATE-----\n',
).toString('base64');
const CATALOG = ['code-server', 'jupyterhub', 'mlflow', 'airflow', 'superset'];

type Container = {
  env: Array<{ name: string; value: string }>;
  envFrom?: unknown[];
  command?: string[];
};

describe('apps on a cluster', () => {
  let k8s: KubernetesTestCluster;
  let sts: AwsStsStandIn;
  let s3: S3rverStandIn;
  let platform: Platform;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let orgId: string;
  let clusterId: string;
  let db: Client;
  let sse: SseClient;
  /** Every password and generated secret seen in a Secret, to look for elsewhere. */
  const secretsSeen = new Set<string>();

  beforeAll(async () => {
    k8s = await startKubernetesTestCluster();
    sts = await startAwsStsStandIn([AWS_KEY]);
    s3 = await startS3rver(
      [{ accessKeyId: AWS_KEY.accessKeyId, secretAccessKey: AWS_KEY.secretAccessKey }],
      [{ name: 'strata-apps-state' }],
    );
    platform = await startPlatform({
      serviceEnv: {
        cloud: {
          CLOUD_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
          CLOUD_ACTIVE_KEY_ID: 'k1',
          CLOUD_INTERNAL_TOKEN: INTERNAL_TOKEN,
          CLOUD_AWS_STS_ENDPOINT: sts.url,
          CLOUD_S3_ENDPOINT: s3.url,
        },
        cluster: {
          CLOUD_INTERNAL_TOKEN: INTERNAL_TOKEN,
          ...k8s.serviceEnv,
          CLUSTER_MASTER_KEYS: MASTER_KEYS,
          CLUSTER_ACTIVE_KEY_ID: 'k1',
        },
        gateway: { SSE_HEARTBEAT_SECONDS: '1' },
      },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    [owner, member, viewer, outsider] = await Promise.all([
      newUser(platform, 'apps-owner'),
      newUser(platform, 'apps-member'),
      newUser(platform, 'apps-viewer'),
      newUser(platform, 'apps-outsider'),
    ]);
    orgId = claimsOf(owner.accessToken).org as string;
    await joinOrg(platform, owner, orgId, member, 'member');
    await joinOrg(platform, owner, orgId, viewer, 'viewer');
    clusterId = await readyCluster('tools');
    sse = await new SseClient(`${platform.gatewayUrl}/api/v1/events?cluster=${clusterId}`, {
      authorization: `Bearer ${owner.accessToken}`,
    }).open();
  }, 180_000);

  afterAll(async () => {
    sse?.close();
    await db?.end();
    await platform?.stop();
    await s3?.stop();
    await sts?.stop();
    await k8s?.stop();
  });

  const clusters = () => `/api/v1/orgs/${orgId}/clusters`;
  const apps = (cluster = clusterId) => `${clusters()}/${cluster}/apps`;
  const labelsOf = async (runId: string) => (await k8s.jobOfRun(runId))?.metadata?.labels ?? {};
  const waitForJob = (runId: string) => k8s.jobWithPod(runId);
  const getApp = async (appId: string, cluster = clusterId) =>
    (await owner.api.get(`${apps(cluster)}/${appId}`)).body;
  const waitForApp = (appId: string, state: string, cluster = clusterId) =>
    waitUntil(async () => (await getApp(appId, cluster)).state === state, {
      timeoutMs: 20_000,
      description: `app ${appId} to be ${state}`,
    });
  const outputsFor = (catalogId: string, cluster = 'tools') =>
    JSON.stringify({
      outputs: {
        url: `https://${catalogId}.${cluster}.sandbox.strata.invalid/`,
        urls: `https://${catalogId}.${cluster}.sandbox.strata.invalid/`,
        appVersion: '1.0.0',
        release: catalogId,
        namespace: catalogId,
      },
    });
  /** Runs an app run's Pod to success with the installer's outputs. */
  async function succeedRun(runId: string, catalogId: string, lines = ['helm: release ready\n']) {
    const job = await waitForJob(runId);
    await k8s.running(job);
    for (const line of lines) await k8s.log(job, line);
    await k8s.succeed(job, outputsFor(catalogId));
  }
  const appStatuses = (appId: string) =>
    sse
      .of('app')
      .filter((e) => e.json.appId === appId)
      .map((e) => e.json.to as string);

  /** A sandbox cluster made READY by driving its apply Job to success. */
  async function readyCluster(name: string): Promise<string> {
    const res = await owner.api.post(clusters(), {
      provider: 'sandbox',
      namePrefix: name,
      nameSuffix: 'apps',
      region: 'sandbox-1',
    });
    expect(res.status).toBe(201);
    const job = await waitForJob(res.body.activeRunId);
    await k8s.running(job);
    await k8s.succeed(
      job,
      JSON.stringify({ outputs: { endpoint: `https://${name}.sandbox.strata.invalid` } }),
    );
    await waitUntil(
      async () => (await owner.api.get(`${clusters()}/${res.body.id}`)).body.state === 'READY',
      {
        timeoutMs: 15_000,
        description: 'the cluster to be READY',
      },
    );
    return res.body.id as string;
  }

  const installed: Record<string, string> = {};

  it('installs each of the five apps to RUNNING, seen over SSE in order, with the documented Job and Secret', async () => {
    const catalog = await owner.api.get(`${clusters()}/${clusterId}/app-catalog`);
    expect(catalog.status).toBe(200);
    expect(catalog.body.items.map((e: { id: string }) => e.id)).toEqual(CATALOG);
    for (const entry of catalog.body.items) {
      expect(entry.settingsSchema).toMatchObject({ type: 'object' });
      expect(entry.chartVersion).toMatch(/^\d/);
    }
    for (const catalogId of CATALOG) {
      const res = await owner.api.post(apps(), { catalogId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ catalogId, state: 'INSTALLING', clusterId });
      installed[catalogId] = res.body.id;
      const runId = res.body.activeRunId as string;
      const jobName = await waitForJob(runId);
      // The Job: the sandbox installer command, the contract's env, no secret; the Secret holds
      // the kubeconfig and the values.
      const job = k8s.sent('jobs').find((j) => j.metadata.name === jobName)! as {
        metadata: { labels: Record<string, string> };
        spec: { template: { spec: { containers: Container[] } } };
      };
      const container = job.spec.template.spec.containers[0]!;
      expect(container.command).toEqual(['node', '/opt/strata/sandbox-installer.mjs']);
      const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
      expect(env).toMatchObject({
        STRATA_RUN_ID: runId,
        STRATA_CLUSTER_ID: clusterId,
        STRATA_ORG_ID: orgId,
        STRATA_APP_ID: res.body.id,
        STRATA_ACTION: 'install',
        STRATA_PROVIDER: 'sandbox',
        APP_CATALOG_ID: catalogId,
        APP_RELEASE: res.body.release,
        APP_NAMESPACE: res.body.namespace,
        APP_CHART_VERSION: res.body.chartVersion,
      });
      expect(env.APP_CHART).toBeTruthy();
      expect(Number(env.APP_TIMEOUT_SECONDS)).toBeGreaterThan(0);
      expect(env.KUBECONFIG_DATA).toBeUndefined();
      expect(env.APP_VALUES_YAML).toBeUndefined();
      expect(container.envFrom).toEqual([{ secretRef: { name: `${jobName}-credentials` } }]);
      expect(job.metadata.labels['strata.dev/app-id']).toBe(res.body.id);
      let data: Record<string, string> | undefined;
      await waitUntil(
        async () =>
          (data = (await k8s.secrets()).find(
            (x) => x.metadata?.labels?.['strata.dev/run-id'] === runId,
          )?.data) !== undefined,
        { timeoutMs: 10_000, description: 'the run’s Secret' },
      );
      data = data!;
      expect(Object.keys(data).sort()).toEqual(['APP_VALUES_YAML', 'KUBECONFIG_DATA']);
      const kubeconfig = Buffer.from(data.KUBECONFIG_DATA, 'base64').toString();
      expect(kubeconfig).toContain('https://tools.sandbox.strata.invalid');
      expect(kubeconfig).toContain('sandbox-no-credentials');
      const values = JSON.parse(Buffer.from(data.APP_VALUES_YAML, 'base64').toString()) as unknown;
      expect(typeof values).toBe('object');
      collectSecrets(JSON.stringify(values));
      expect(JSON.stringify(job)).not.toContain(data.APP_VALUES_YAML.slice(0, 40));
      await succeedRun(runId, catalogId, [
        `installing ${catalogId}\n::strata-progress step=helm percent=50\n`,
      ]);
      await waitForApp(res.body.id, 'RUNNING');
      await sse.until(() => appStatuses(res.body.id).includes('RUNNING'));
      expect(appStatuses(res.body.id)).toEqual(['INSTALLING', 'RUNNING']);
      await sse.until(() =>
        sse
          .of('log')
          .some(
            (e) =>
              e.json.runId === runId && String(e.json.text).includes(`installing ${catalogId}`),
          ),
      );
      const app = await getApp(res.body.id);
      expect(app).toMatchObject({
        url: `https://${catalogId}.tools.sandbox.strata.invalid/`,
        urls: [`https://${catalogId}.tools.sandbox.strata.invalid/`],
        appVersion: '1.0.0',
        activeRunId: null,
        failureReason: null,
      });
    }
    const list = await owner.api.get(apps());
    expect(list.body.items.map((a: { catalogId: string }) => a.catalogId).sort()).toEqual(
      [...CATALOG].sort(),
    );
    const notes = await owner.api.get('/api/v1/notifications');
    expect(
      notes.body.items.filter((n: { kind: string }) => n.kind === 'cluster.app_installed').length,
    ).toBe(5);
  }, 90_000);

  it('upgrades an app on a settings change (UPGRADING -> RUNNING) and uninstalls another (UNINSTALLED)', async () => {
    const id = installed.jupyterhub;
    const runsBefore = (await owner.api.get(`${apps()}/${id}/runs`)).body.items.length;
    const changed = await owner.api.patch(`${apps()}/${id}`, { settings: {} });
    expect(changed.status).toBe(202);
    expect(changed.body.state).toBe('UPGRADING');
    const upgradeRun = changed.body.activeRunId as string;
    const job = await waitForJob(upgradeRun);
    expect((await labelsOf(upgradeRun))['strata.dev/action']).toBe('upgrade');
    await k8s.running(job);
    await k8s.succeed(job, outputsFor('jupyterhub'));
    await waitForApp(id, 'RUNNING');
    const runs = (await owner.api.get(`${apps()}/${id}/runs`)).body.items;
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]).toMatchObject({ action: 'upgrade', state: 'SUCCEEDED' });

    const gone = installed.superset;
    const deleted = await owner.api.delete(`${apps()}/${gone}`);
    expect(deleted.status).toBe(202);
    expect(deleted.body.state).toBe('UNINSTALLING');
    const uninstallJob = await waitForJob(deleted.body.activeRunId);
    await k8s.running(uninstallJob);
    await k8s.succeed(uninstallJob, JSON.stringify({ outputs: { uninstalled: true } }));
    await waitForApp(gone, 'UNINSTALLED');
    await sse.until(() => appStatuses(gone).includes('UNINSTALLED'));
    expect(appStatuses(gone)).toEqual(['INSTALLING', 'RUNNING', 'UNINSTALLING', 'UNINSTALLED']);
    expect(appStatuses(id)).toEqual(['INSTALLING', 'RUNNING', 'UPGRADING', 'RUNNING']);
    expect((await getApp(gone)).url).toBeNull();
  }, 30_000);

  it('fails an install with its reason and log tail, and a retry installs it', async () => {
    const res = await owner.api.post(apps(), { catalogId: 'superset' });
    expect(res.status).toBe(201);
    const runId = res.body.activeRunId as string;
    const job = await waitForJob(runId);
    await k8s.running(job);
    await k8s.log(job, 'helm: installing superset\nhelm: waiting for superset-worker\n');
    await k8s.fail(
      job,
      JSON.stringify({ outputs: {}, error: 'timed out waiting for the condition' }),
      1,
    );
    await waitForApp(res.body.id, 'FAILED');
    const failed = await getApp(res.body.id);
    expect(failed.failureReason).toBe('timed out waiting for the condition');
    const [run] = (await owner.api.get(`${apps()}/${res.body.id}/runs`)).body.items;
    expect(run).toMatchObject({ id: runId, state: 'FAILED', action: 'install' });
    expect(run.logTail).toContain('helm: waiting for superset-worker');
    const logs = await owner.api.get(`${apps()}/${res.body.id}/runs/${runId}/logs`);
    expect(logs.body.complete).toBe(true);
    expect(logs.body.chunks.map((c: { text: string }) => c.text).join('')).toContain(
      'helm: installing superset',
    );
    await waitUntil(
      async () =>
        (await owner.api.get('/api/v1/notifications')).body.items.some(
          (n: { kind: string; data: { appId: string } }) =>
            n.kind === 'cluster.app_install_failed' && n.data.appId === res.body.id,
        ),
      { timeoutMs: 10_000, description: 'the install-failed notification' },
    );
    // Nothing to retry on a RUNNING app; the FAILED one retries with a new install run.
    expect((await owner.api.post(`${apps()}/${installed.mlflow}/runs/retry`, {})).body.code).toBe(
      'cluster.app_nothing_to_retry',
    );
    const retry = await owner.api.post(`${apps()}/${res.body.id}/runs/retry`, {});
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ action: 'install', state: 'PENDING' });
    await succeedRun(retry.body.id, 'superset');
    await waitForApp(res.body.id, 'RUNNING');
    installed.superset = res.body.id;
  }, 30_000);

  it('fails an interrupted run (its Job deleted mid-run) with a reason; the next run recovers', async () => {
    const id = installed.mlflow;
    const changed = await owner.api.patch(`${apps()}/${id}`, { settings: {} });
    expect(changed.status).toBe(202);
    const job = await waitForJob(changed.body.activeRunId);
    await k8s.running(job);
    await k8s.log(job, 'helm: upgrading mlflow\n');
    expect(await k8s.deleteJob(job)).toBe(true);
    await waitForApp(id, 'FAILED');
    expect((await getApp(id)).failureReason).toBe(
      'The run’s Job disappeared from the Kubernetes API before it ended.',
    );
    const retry = await owner.api.post(`${apps()}/${id}/runs/retry`, {});
    expect(retry.status).toBe(201);
    expect(retry.body.action).toBe('upgrade');
    await succeedRun(retry.body.id, 'mlflow');
    await waitForApp(id, 'RUNNING');
  }, 30_000);

  it('refuses bad settings per field (422), members and viewers (403), another organization (404)', async () => {
    const bad = await owner.api.post(apps(), {
      catalogId: 'mlflow',
      settings: { noSuchSetting: 1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('cluster.app_validation_failed');
    expect(bad.body.errors).toContainEqual({
      field: 'settings.noSuchSetting',
      message: expect.any(String),
    });
    const unknown = await owner.api.post(apps(), { catalogId: 'wordpress' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'catalogId', message: expect.any(String) }]);
    const version = await owner.api.patch(`${apps()}/${installed.mlflow}`, {
      chartVersion: '0.0.1',
    });
    expect(version.status).toBe(422);
    expect(version.body.errors).toEqual([{ field: 'chartVersion', message: expect.any(String) }]);
    const taken = await owner.api.post(apps(), { catalogId: 'mlflow' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('cluster.app_exists');

    for (const user of [member, viewer]) {
      expect((await user.api.post(apps(), { catalogId: 'mlflow' })).status).toBe(403);
      expect((await user.api.delete(`${apps()}/${installed.mlflow}`)).status).toBe(403);
      expect(
        (await user.api.patch(`${apps()}/${installed.mlflow}`, { settings: { cpu: '1' } })).status,
      ).toBe(403);
      expect((await user.api.post(`${apps()}/${installed.mlflow}/runs/retry`, {})).status).toBe(
        403,
      );
      expect((await user.api.get(`${apps()}/${installed.mlflow}/runs`)).status).toBe(200);
      expect((await user.api.get(`${apps()}/${installed.mlflow}/admin-credentials`)).status).toBe(
        403,
      );
      const list = await user.api.get(apps());
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThanOrEqual(5);
    }
    const other = await outsider.api.get(
      `/api/v1/orgs/${claimsOf(outsider.accessToken).org as string}/clusters/${clusterId}/apps/${installed.mlflow}`,
    );
    expect(other.status).toBe(404);
    expect((await outsider.api.get(`${apps()}/${installed.mlflow}`)).status).toBe(404);
    // Every app route of another organization's cluster answers 404, reads and changes alike.
    const mine = `/api/v1/orgs/${claimsOf(outsider.accessToken).org as string}/clusters/${clusterId}/apps/${installed.mlflow}`;
    for (const res of [
      await outsider.api.get(`${mine}/runs`),
      await outsider.api.get(`${mine}/admin-credentials`),
      await outsider.api.patch(mine, { settings: { cpu: '1' } }),
      await outsider.api.delete(mine),
      await outsider.api.post(`${mine}/runs/retry`, {}),
    ])
      expect(res.status).toBe(404);
    expect((await getApp(installed.mlflow)).state).toBe('RUNNING');
  }, 30_000);

  it('reads admin credentials only as an admin or owner, audited to the owners; no generated secret anywhere else', async () => {
    const creds = await owner.api.get(`${apps()}/${installed.superset}/admin-credentials`);
    expect(creds.status).toBe(200);
    expect(creds.body).toEqual({ username: expect.any(String), password: expect.any(String) });
    expect(creds.body.password.length).toBeGreaterThanOrEqual(16);
    secretsSeen.add(creds.body.password);
    await waitUntil(
      async () =>
        (await owner.api.get('/api/v1/notifications')).body.items.some(
          (n: { kind: string }) => n.kind === 'cluster.app_credentials_read',
        ),
      { timeoutMs: 10_000, description: 'the credentials-read notification to the owner' },
    );
    expect(
      (await member.api.get('/api/v1/notifications')).body.items.some(
        (n: { kind: string }) => n.kind === 'cluster.app_credentials_read',
      ),
    ).toBe(false);
    // At rest: sealed (no secret in the apps table in clear).
    const rows = await db.query(
      "SELECT settings::text, encode(secret_ciphertext, 'escape') AS c FROM cluster.apps",
    );
    const everywhere = [
      JSON.stringify((await owner.api.get(apps())).body),
      JSON.stringify(rows.rows),
      JSON.stringify(k8s.sent('jobs')),
      platform.logs(),
    ].join('\n');
    expect(secretsSeen.size).toBeGreaterThan(3);
    for (const secret of secretsSeen) expect(everywhere).not.toContain(secret);
  }, 30_000);

  it('keeps the apps in the audit log: who installed, upgraded, uninstalled and read an admin password; no other organization has them', async () => {
    interface Entry {
      actor: { userId: string } | null;
      action: string;
      resource: { type: string; id: string; name: string | null };
      details: Record<string, unknown>;
    }
    const appLog = async (user: TestUser, query = '', org = orgId) => {
      const items: Entry[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await user.api.get(
          `/api/v1/orgs/${org}/audit-log?resourceType=app&limit=100${query}${page}`,
        );
        expect(res.status).toBe(200);
        items.push(...(res.body.items as Entry[]));
        cursor = res.body.nextCursor as string | null;
      }
      return items;
    };
    const superset = installed.superset;
    // The read was the cluster service's last event: once it is in, so are the earlier ones.
    const [read, ...more] = await waitUntil(
      async () => {
        const found = await appLog(owner, `&action=app.admin_credentials.read`);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 15_000, description: 'the admin-password read in the audit log' },
    );
    expect(more).toEqual([]);
    expect(read).toMatchObject({
      actor: { userId: owner.userId },
      resource: { type: 'app', id: superset, name: (await getApp(superset)).name },
      details: { clusterId, catalogId: 'superset', clusterName: 'tools-apps' },
    });
    expect(JSON.stringify(read)).not.toMatch(/password"?:/i);

    const all = await appLog(owner);
    // Every app event has its own entry now: none left to the generic mapping.
    expect(all.filter((e) => e.action.startsWith('cluster.app.'))).toEqual([]);
    // (action, run action, actor) of an app's entries, in a fixed order: the events of one
    // transaction (a run's end and the app's new state) share their time.
    const of = (appId: string) =>
      all
        .filter((e) => e.resource.id === appId)
        .map((e) =>
          JSON.stringify([e.action, e.details.runAction ?? null, e.actor?.userId ?? null]),
        )
        .sort();
    const rows = (list: Array<[string, string | null, string | null]>) =>
      list.map((row) => JSON.stringify(row)).sort();
    // The superset uninstalled in the upgrade test: asked by the owner, ended by the platform.
    const [gone] = all.filter((e) => e.action === 'app.deleted').map((e) => e.resource.id);
    expect(of(gone)).toEqual(
      rows([
        ['app.created', null, owner.userId],
        ['app.run.started', 'install', owner.userId],
        ['app.run.succeeded', 'install', null],
        ['app.deletion_requested', null, owner.userId],
        ['app.run.started', 'uninstall', owner.userId],
        ['app.run.succeeded', 'uninstall', null],
        ['app.deleted', null, null],
      ]),
    );
    // The second superset: its install failed (with the reason), the owner retried it.
    expect(of(superset)).toEqual(
      rows([
        ['app.created', null, owner.userId],
        ['app.run.started', 'install', owner.userId],
        ['app.run.failed', 'install', null],
        ['app.run.started', 'install', owner.userId],
        ['app.run.succeeded', 'install', null],
        ['app.admin_credentials.read', null, owner.userId],
      ]),
    );
    const failedRun = (appId: string) =>
      all.find((e) => e.action === 'app.run.failed' && e.resource.id === appId)?.details.reason;
    expect(failedRun(superset)).toBe('timed out waiting for the condition');
    // The upgrade whose Job disappeared: failed by the platform, with the reason.
    expect(failedRun(installed.mlflow)).toBe(
      'The run’s Job disappeared from the Kubernetes API before it ended.',
    );
    const [upgrade] = (await owner.api.get(`${apps()}/${installed.jupyterhub}/runs`)).body.items;
    expect(
      all.find(
        (e) =>
          e.action === 'app.run.started' &&
          e.resource.id === installed.jupyterhub &&
          e.details.runAction === 'upgrade',
      ),
    ).toMatchObject({ actor: { userId: owner.userId }, details: { runId: upgrade.id } });
    expect(
      all.some((e) => e.action === 'app.run.succeeded' && e.details.runId === upgrade.id),
    ).toBe(true);
    // The outsider's organization has none of them, and ours is not the outsider's to read.
    const outsiderOrg = claimsOf(outsider.accessToken).org as string;
    expect(await appLog(outsider, '', outsiderOrg)).toEqual([]);
    expect((await outsider.api.get(`/api/v1/orgs/${orgId}/audit-log`)).status).toBe(404);
  }, 30_000);

  it('installs JupyterHub on an EKS cluster with exactly the documented Job and Secret: kubeconfig and values only in the Secret', async () => {
    const account = await owner.api.post(`/api/v1/orgs/${orgId}/cloud-accounts`, {
      provider: 'aws',
      name: 'Apps AWS',
      environment: 'prod',
      accessKeyId: AWS_KEY.accessKeyId,
      secretAccessKey: AWS_KEY.secretAccessKey,
    });
    expect(account.status).toBe(201);
    const connector = await owner.api.post(`/api/v1/orgs/${orgId}/storage-connectors`, {
      kind: 's3',
      name: 'apps state',
      cloudAccountId: account.body.id,
      bucket: 'strata-apps-state',
      region: 'eu-west-1',
    });
    expect(connector.status).toBe(201);
    const created = await owner.api.post(clusters(), {
      provider: 'aws',
      cloudAccountId: account.body.id,
      stateConnectorId: connector.body.id,
      namePrefix: 'science',
      nameSuffix: 'eks',
      region: 'eu-west-1',
    });
    expect(created.status).toBe(201);
    const eksId = created.body.id as string;
    const apply = await waitForJob(created.body.activeRunId);
    await k8s.running(apply);
    await k8s.succeed(
      apply,
      JSON.stringify({
        outputs: {
          endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
          caCertificate: CA,
          clusterId: 'arn:aws:eks:eu-west-1:777788889999:cluster/science-eks',
          clusterName: 'science-eks',
          version: '1.33',
          region: 'eu-west-1',
        },
      }),
    );
    await waitUntil(
      async () => (await owner.api.get(`${clusters()}/${eksId}`)).body.state === 'READY',
      {
        timeoutMs: 15_000,
        description: 'the EKS cluster to be READY',
      },
    );
    const res = await owner.api.post(apps(eksId), { catalogId: 'jupyterhub' });
    expect(res.status).toBe(201);
    const runId = res.body.activeRunId as string;
    const jobName = await waitForJob(runId);
    expect(jobName).toBe(`strata-install-${runId.replace(/-/g, '').slice(0, 12)}`);
    const job = k8s.sent('jobs').find((j) => j.metadata.name === jobName)! as {
      metadata: { labels: Record<string, string> };
      spec: {
        backoffLimit: number;
        template: { spec: { containers: Array<Container & { image: string }> } };
      };
    };
    expect(job.spec.backoffLimit).toBe(0);
    const container = job.spec.template.spec.containers[0]!;
    expect(container.image).toBe('strata/app-installer:0.1.0');
    expect(container.command).toBeUndefined();
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]));
    expect(Object.keys(env).sort()).toEqual(
      [
        'APP_CATALOG_ID',
        'APP_CHART',
        'APP_CHART_VERSION',
        'APP_NAMESPACE',
        'APP_RELEASE',
        'APP_TIMEOUT_SECONDS',
        'APP_URLS',
        'CLUSTER_NAME',
        'STRATA_ACTION',
        'STRATA_APP_ID',
        'STRATA_CLUSTER_ID',
        'STRATA_ORG_ID',
        'STRATA_PROVIDER',
        'STRATA_RUN_ID',
      ].sort(),
    );
    expect(env).toMatchObject({
      STRATA_PROVIDER: 'aws',
      STRATA_ACTION: 'install',
      APP_CATALOG_ID: 'jupyterhub',
    });
    expect(job.metadata.labels).toMatchObject({
      'strata.dev/app-id': res.body.id,
      'strata.dev/action': 'install',
      'strata.dev/provider': 'aws',
    });
    let data: Record<string, string> | undefined;
    await waitUntil(
      async () =>
        (data = (await k8s.secrets()).find(
          (x) => x.metadata?.labels?.['strata.dev/run-id'] === runId,
        )?.data) !== undefined,
      { timeoutMs: 10_000, description: 'the run’s Secret' },
    );
    const kubeconfig = Buffer.from(data!.KUBECONFIG_DATA, 'base64').toString();
    expect(kubeconfig).toContain('https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com');
    expect(kubeconfig).toContain(CA);
    const token = /token: "?(k8s-aws-v1\.[A-Za-z0-9_-]+)/.exec(kubeconfig)?.[1];
    expect(token).toBeDefined();
    const values = JSON.parse(Buffer.from(data!.APP_VALUES_YAML, 'base64').toString()) as {
      hub?: { cookieSecret?: string; config?: unknown };
      proxy?: { secretToken?: string };
    };
    expect(values.hub?.cookieSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(values.proxy?.secretToken).toMatch(/^[0-9a-f]{64}$/);
    collectSecrets(JSON.stringify(values));
    const spec = JSON.stringify(job);
    for (const secret of [token!, values.hub!.cookieSecret!, values.proxy!.secretToken!])
      expect(spec).not.toContain(secret);
    await succeedRun(runId, 'jupyterhub');
    await waitForApp(res.body.id, 'RUNNING', eksId);
    const seen = [
      platform.logs(),
      JSON.stringify((await owner.api.get(apps(eksId))).body),
      JSON.stringify((await owner.api.get(`${apps(eksId)}/${res.body.id}/runs`)).body),
    ].join('\n');
    for (const secret of [token!, values.hub!.cookieSecret!, values.proxy!.secretToken!])
      expect(seen).not.toContain(secret);
  }, 40_000);

  it('answers 409 cluster.apps_installed to a cluster delete; with uninstallApps=true every app is UNINSTALLED, then the cluster DELETED', async () => {
    const refused = await owner.api.delete(`${clusters()}/${clusterId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('cluster.apps_installed');
    expect(refused.body.detail).toMatch(/uninstallApps=true/);
    const started = await owner.api.delete(`${clusters()}/${clusterId}?uninstallApps=true`);
    expect(started.status).toBe(202);
    expect(started.body.run).toBeNull();
    const live = started.body.uninstallingApps.filter(
      (a: { state: string }) => a.state === 'UNINSTALLING',
    );
    expect(live.length).toBe(5);
    // While the delete waits for the uninstalls the cluster is being deleted: once the first app
    // is UNINSTALLED, installing it again is refused, by the database itself (the app-run trigger
    // sees the pending delete), so nothing can keep the destroy waiting.
    const [first, ...rest] = live as Array<{ id: string; catalogId: string; activeRunId: string }>;
    const firstJob = await waitForJob(first!.activeRunId);
    await k8s.running(firstJob);
    await k8s.succeed(firstJob, JSON.stringify({ outputs: { uninstalled: true } }));
    await waitForApp(first!.id, 'UNINSTALLED');
    const again = await owner.api.post(apps(), { catalogId: first!.catalogId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('cluster.not_ready');
    expect(again.body.detail).toMatch(/being deleted/);
    const direct = db.query(
      `INSERT INTO cluster.app_runs (id, app_id, cluster_id, org_id, action, state, job_name, chart_version, requested_by)
       VALUES (gen_random_uuid(), $1, $2, $3, 'install', 'PENDING', 'x', '1', 'test')`,
      [first!.id, clusterId, orgId],
    );
    await expect(direct).rejects.toThrow(/apps_cluster_deleting/);
    for (const app of rest) {
      const job = await waitForJob(app.activeRunId);
      await k8s.running(job);
      await k8s.succeed(job, JSON.stringify({ outputs: { uninstalled: true } }));
    }
    for (const app of live) await waitForApp(app.id, 'UNINSTALLED');
    let destroyRun = '';
    await waitUntil(
      async () => {
        const cluster = (await owner.api.get(`${clusters()}/${clusterId}`)).body;
        destroyRun = cluster.activeRunId ?? '';
        return cluster.state === 'DELETING' && destroyRun !== '';
      },
      { timeoutMs: 15_000, description: 'the destroy run after the uninstalls' },
    );
    const job = await waitForJob(destroyRun);
    expect((await labelsOf(destroyRun))['strata.dev/action']).toBe('destroy');
    await k8s.running(job);
    await k8s.succeed(job, JSON.stringify({ outputs: { destroyed: true } }));
    await waitUntil(
      async () => (await owner.api.get(`${clusters()}/${clusterId}`)).body.state === 'DELETED',
      {
        timeoutMs: 15_000,
        description: 'the cluster to be DELETED',
      },
    );
    const pending = await db.query(
      'SELECT count(*)::int AS n FROM cluster.pending_cluster_deletes',
    );
    expect(pending.rows[0].n).toBe(0);
  }, 45_000);

  it('keeps app runs and cluster runs of one cluster apart in the database itself', async () => {
    const other = await readyCluster('guard');
    const res = await owner.api.post(apps(other), { catalogId: 'code-server' });
    expect(res.status).toBe(201);
    // While the install runs, a cluster run of that cluster is refused by the trigger (not by code).
    const direct = db.query(
      `INSERT INTO cluster.runs (id, cluster_id, org_id, action, state, job_name, requested_by)
       VALUES (gen_random_uuid(), $1, $2, 'destroy', 'PENDING', 'x', 'test')`,
      [other, orgId],
    );
    await expect(direct).rejects.toThrow(/apps_cluster_run_exclusive/);
    const second = db.query(
      `INSERT INTO cluster.app_runs (id, app_id, cluster_id, org_id, action, state, job_name, chart_version, requested_by)
       VALUES (gen_random_uuid(), $1, $2, $3, 'upgrade', 'PENDING', 'x', '1', 'test')`,
      [res.body.id, other, orgId],
    );
    await expect(second).rejects.toThrow(/app_runs_one_active_per_app/);
    await succeedRun(res.body.activeRunId, 'code-server');
    await waitForApp(res.body.id, 'RUNNING', other);
  }, 30_000);

  it('fails an interrupted install (its Job deleted mid-run) with a reason; the retried install recovers the release', async () => {
    const other = await readyCluster('halt');
    const res = await owner.api.post(apps(other), { catalogId: 'airflow' });
    expect(res.status).toBe(201);
    const runId = res.body.activeRunId as string;
    const job = await waitForJob(runId);
    await k8s.running(job);
    await k8s.log(job, 'installer: helm upgrade --install airflow\n');
    expect(await k8s.deleteJob(job)).toBe(true);
    await waitForApp(res.body.id, 'FAILED', other);
    const failed = await getApp(res.body.id, other);
    expect(failed.failureReason).toBe(
      'The run’s Job disappeared from the Kubernetes API before it ended.',
    );
    const [run] = (await owner.api.get(`${apps(other)}/${res.body.id}/runs`)).body.items;
    expect(run).toMatchObject({ id: runId, action: 'install', state: 'FAILED' });
    // The retry is a new install run of the same release: the installer finds the release the
    // interrupted run left pending-install and uninstalls it before installing afresh
    // (installer/src/installer.spec.ts).
    const retry = await owner.api.post(`${apps(other)}/${res.body.id}/runs/retry`, {});
    expect(retry.status).toBe(201);
    expect(retry.body.action).toBe('install');
    const retryJob = await waitForJob(retry.body.id);
    const sent = k8s.sent('jobs').find((j) => j.metadata.name === retryJob)! as {
      spec: { template: { spec: { containers: Container[] } } };
    };
    const env = Object.fromEntries(
      sent.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      STRATA_ACTION: 'install',
      APP_RELEASE: res.body.release,
      APP_NAMESPACE: res.body.namespace,
    });
    await succeedRun(retry.body.id, 'airflow');
    await waitForApp(res.body.id, 'RUNNING', other);
    expect(await getApp(res.body.id, other)).toMatchObject({ failureReason: null });
  }, 30_000);

  function collectSecrets(valuesJson: string) {
    // Long random strings in the values are generated secrets (passwords, keys, tokens).
    for (const m of valuesJson.matchAll(/"([A-Za-z0-9_\-+/=]{24,})"/g))
      if (!/^[a-z-]+$/.test(m[1]) && !m[1].includes('/')) secretsSeen.add(m[1]);
  }
});
