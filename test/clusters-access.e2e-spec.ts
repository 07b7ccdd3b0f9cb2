import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { RpcClient } from '@strata/messaging';
import {
  type AwsStsStandIn,
  type AzureAdStandIn,
  createTestTls,
  type GoogleCloudStandIn,
  type KubernetesTestCluster,
  type Platform,
  type S3rverStandIn,
  startAwsStsStandIn,
  startAzureAdStandIn,
  startGoogleCloudStandIn,
  startKubernetesTestCluster,
  startPlatform,
  startS3rver,
  type TestTls,
  waitUntil,
} from '@strata/testing';
import { azureClientSecret, newGuid, serviceAccountKey } from './support/cloud';
import { claimsOf, joinOrg, newUser, ownerOfNewOrg, type TestUser } from './support/orgs';

/**
 * Issue 10, the cluster service's side, on one platform: the state connector a real provider
 * needs (resolved at create, refused when missing, of another kind or another account), changes
 * of a READY cluster (node pool sizes, one-minor upgrades) as recorded apply runs whose Jobs get
 * the new values, and kubeconfigs whose EKS token the STS stand-in verifies the way the EKS API
 * server does (the presigned GetCallerIdentity replayed with the signed x-k8s-aws-id header),
 * and a GKE kubeconfig whose OAuth token the Google stand-in granted for the account's key.
 * The cluster service's Kubernetes runner talks to the Kubernetes API stand-in.
 */
const INTERNAL_TOKEN = randomBytes(32).toString('base64url');
const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n',
).toString('base64');

describe('cluster state, changes and access', () => {
  let tls: TestTls;
  let k8s: KubernetesTestCluster;
  let sts: AwsStsStandIn;
  let s3: S3rverStandIn;
  let azure: AzureAdStandIn;
  let google: GoogleCloudStandIn;
  let platform: Platform;
  let rpc: RpcClient;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let orgId: string;
  const ids = { awsA: '', awsB: '', azure: '', gcp: '', s3A: '', s3B: '', gcs: '' };

  const keyA = {
    accessKeyId: 'AKIACLUSTERACCESS001',
    secretAccessKey: `a/${randomBytes(18).toString('base64url')}`,
    accountId: '111122223333',
    arn: 'arn:aws:iam::111122223333:user/strata-a',
  };
  const keyB = {
    accessKeyId: 'AKIACLUSTERACCESS002',
    secretAccessKey: `b/${randomBytes(18).toString('base64url')}`,
    accountId: '444455556666',
    arn: 'arn:aws:iam::444455556666:user/strata-b',
  };
  const sp = { tenantId: newGuid(), clientId: newGuid(), clientSecret: azureClientSecret() };
  const subscriptionId = newGuid();
  const gcpKey = serviceAccountKey('strata-access-project', 'strata-access');

  beforeAll(async () => {
    tls = await createTestTls();
    k8s = await startKubernetesTestCluster();
    sts = await startAwsStsStandIn([keyA, keyB]);
    s3 = await startS3rver(
      [keyA, keyB].map((k) => ({ accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey })),
      [{ name: 'strata-access-a' }, { name: 'strata-access-b' }],
    );
    azure = await startAzureAdStandIn(
      [{ ...sp, subscriptions: [{ subscriptionId, displayName: 'Clusters' }] }],
      { tls },
    );
    google = await startGoogleCloudStandIn({
      tls,
      serviceAccounts: [
        {
          clientEmail: gcpKey.clientEmail,
          projectId: gcpKey.projectId,
          publicKey: gcpKey.publicKey,
        },
      ],
      buckets: [
        { name: 'strata-access-gcs', projectId: gcpKey.projectId, writers: [gcpKey.clientEmail] },
      ],
    });
    platform = await startPlatform({
      serviceEnv: {
        cloud: {
          CLOUD_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
          CLOUD_ACTIVE_KEY_ID: 'k1',
          CLOUD_INTERNAL_TOKEN: INTERNAL_TOKEN,
          CLOUD_AWS_STS_ENDPOINT: sts.url,
          CLOUD_S3_ENDPOINT: s3.url,
          NODE_EXTRA_CA_CERTS: tls.certFile,
          CLOUD_AZURE_AUTHORITY_HOST: azure.authorityHost,
          CLOUD_AZURE_ARM_ENDPOINT: azure.armEndpoint,
          CLOUD_GCP_TOKEN_URL: google.tokenUrl,
          CLOUD_GCP_STORAGE_ENDPOINT: google.storageEndpoint,
        },
        cluster: { ...k8s.serviceEnv, CLOUD_INTERNAL_TOKEN: INTERNAL_TOKEN },
      },
    });
    rpc = new RpcClient({ url: platform.infrastructure.natsUrl, name: 'clusters-access' });
    await rpc.connect();
    owner = await newUser(platform, 'access-owner');
    orgId = claimsOf(owner.accessToken).org as string;
    admin = await newUser(platform, 'access-admin');
    member = await newUser(platform, 'access-member');
    viewer = await newUser(platform, 'access-viewer');
    await joinOrg(platform, owner, orgId, admin, 'admin');
    await joinOrg(platform, owner, orgId, member, 'member');
    await joinOrg(platform, owner, orgId, viewer, 'viewer');

    const accounts = `/api/v1/orgs/${orgId}/cloud-accounts`;
    const aws = (name: string, key: typeof keyA) =>
      owner.api.post(accounts, {
        provider: 'aws',
        name,
        environment: 'prod',
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
      });
    const [a, b, az, gc] = await Promise.all([
      aws('AWS A', keyA),
      aws('AWS B', keyB),
      owner.api.post(accounts, {
        provider: 'azure',
        name: 'Azure',
        environment: 'prod',
        ...sp,
        subscriptionId,
      }),
      owner.api.post(accounts, {
        provider: 'gcp',
        name: 'GCP',
        environment: 'prod',
        serviceAccountKey: gcpKey.json,
      }),
    ]);
    expect([a.status, b.status, az.status, gc.status]).toEqual([201, 201, 201, 201]);
    ids.awsA = a.body.id;
    ids.awsB = b.body.id;
    ids.azure = az.body.id;
    ids.gcp = gc.body.id;
    const connector = (cloudAccountId: string, bucket: string) =>
      owner.api.post(`/api/v1/orgs/${orgId}/storage-connectors`, {
        kind: 's3',
        name: bucket,
        cloudAccountId,
        bucket,
        region: 'eu-west-1',
      });
    const [ca, cb, cg] = await Promise.all([
      connector(ids.awsA, 'strata-access-a'),
      connector(ids.awsB, 'strata-access-b'),
      owner.api.post(`/api/v1/orgs/${orgId}/storage-connectors`, {
        kind: 'gcs',
        name: 'strata-access-gcs',
        cloudAccountId: ids.gcp,
        bucket: 'strata-access-gcs',
      }),
    ]);
    expect([ca.status, cb.status, cg.status]).toEqual([201, 201, 201]);
    ids.s3A = ca.body.id;
    ids.s3B = cb.body.id;
    ids.gcs = cg.body.id;
  }, 240_000);

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await platform?.stop();
    await Promise.all([sts?.stop(), s3?.stop(), azure?.stop(), google?.stop(), k8s?.stop()]);
    await tls?.dispose();
  });

  const base = () => `/api/v1/orgs/${orgId}/clusters`;
  const getCluster = async (id: string) => (await owner.api.get(`${base()}/${id}`)).body;
  const waitForState = (id: string, state: string) =>
    waitUntil(async () => (await getCluster(id)).state === state, {
      timeoutMs: 20_000,
      description: `the cluster to be ${state}`,
    });
  const awsCluster = (namePrefix: string, extra: object = {}) => ({
    provider: 'aws',
    cloudAccountId: ids.awsA,
    stateConnectorId: ids.s3A,
    namePrefix,
    region: 'eu-west-1',
    ...extra,
  });
  /** The plain env of a run's Job, exactly as the service sent it. */
  const envOf = (runId: string): Record<string, string> => {
    const job = k8s.sent('jobs').find((j) => j.metadata.labels['strata.dev/run-id'] === runId)!;
    return Object.fromEntries(
      (job.spec.template.spec.containers[0].env as Array<{ name: string; value: string }>).map(
        (e) => [e.name, e.value],
      ),
    );
  };
  /** Runs the run's Job to its end (the outputs an EKS apply reports, or a failure). */
  const endRun = async (runId: string, name: string, outcome: 'succeed' | 'fail' = 'succeed') => {
    const job = await k8s.jobWithPod(runId);
    await k8s.running(job);
    if (outcome === 'fail')
      return k8s.fail(job, JSON.stringify({ error: 'node group update failed' }));
    await k8s.succeed(
      job,
      JSON.stringify({
        outputs: {
          endpoint: `https://${name.toUpperCase()}.gr7.eu-west-1.eks.amazonaws.com`,
          caCertificate: CA,
          clusterName: name,
          region: 'eu-west-1',
        },
      }),
    );
  };
  const readyAws = async (namePrefix: string, extra: object = {}) => {
    const res = await owner.api.post(base(), awsCluster(namePrefix, extra));
    expect(res.status).toBe(201);
    await endRun(res.body.activeRunId, res.body.name);
    await waitForState(res.body.id, 'READY');
    return res.body as { id: string; name: string };
  };
  const fieldsOf = (res: { body: { errors?: Array<{ field: string; message: string }> } }) =>
    res.body.errors ?? [];

  describe('the state connector', () => {
    it('refuses a real provider without one, an unknown one, one of another account or kind (422 on stateConnectorId)', async () => {
      const missing = await owner.api.post(
        base(),
        awsCluster('no-state', { stateConnectorId: undefined }),
      );
      expect(missing.status).toBe(422);
      expect(missing.body.code).toBe('cluster.validation_failed');
      expect(fieldsOf(missing)).toEqual([
        {
          field: 'stateConnectorId',
          message:
            'is required for aws clusters (the storage connector that keeps the OpenTofu state)',
        },
      ]);
      const unknown = await owner.api.post(
        base(),
        awsCluster('unknown-state', { stateConnectorId: newGuid() }),
      );
      expect(unknown.status).toBe(422);
      expect(fieldsOf(unknown)).toEqual([
        { field: 'stateConnectorId', message: 'no such storage connector in this organization' },
      ]);
      const otherAccount = await owner.api.post(
        base(),
        awsCluster('other-account', { stateConnectorId: ids.s3B }),
      );
      expect(otherAccount.status).toBe(422);
      expect(fieldsOf(otherAccount)).toEqual([
        {
          field: 'stateConnectorId',
          message:
            "must use the cluster's cloud account (the run has only that account's credentials)",
        },
      ]);
      const otherKind = await owner.api.post(base(), {
        provider: 'azure',
        cloudAccountId: ids.azure,
        stateConnectorId: ids.s3A,
        namePrefix: 'other-kind',
        region: 'westeurope',
      });
      expect(otherKind.status).toBe(422);
      expect(fieldsOf(otherKind)).toContainEqual({
        field: 'stateConnectorId',
        message: "must be an Azure Blob state connector (the cluster's provider is azure)",
      });
      // Nothing was created by the refusals.
      const names = (await owner.api.get(base())).body.items.map((c: { name: string }) => c.name);
      expect(names.filter((n: string) => /state|account|kind/.test(n))).toEqual([]);
    });

    it('keeps the backend resolved at create for every later run (a destroy after a failed apply)', async () => {
      const res = await owner.api.post(base(), awsCluster('kept-state'));
      expect(res.status).toBe(201);
      const first = envOf(res.body.activeRunId);
      expect(first).toMatchObject({
        STATE_BACKEND: 's3',
        STATE_S3_BUCKET: 'strata-access-a',
        STATE_S3_REGION: 'eu-west-1',
        STRATA_ORG_ID: orgId,
      });
      await endRun(res.body.activeRunId, res.body.name, 'fail');
      await waitForState(res.body.id, 'FAILED');
      // The destroy uses the backend stored at create (no lookup of the connector).
      const destroy = await owner.api.delete(`${base()}/${res.body.id}`);
      expect(destroy.status).toBe(202);
      const env = envOf(destroy.body.id);
      expect(env.STRATA_ACTION).toBe('destroy');
      for (const key of ['STATE_BACKEND', 'STATE_S3_BUCKET', 'STATE_S3_REGION', 'STATE_KEY'])
        expect(env[key]).toBe(first[key]);
      const destroyJob = await k8s.jobWithPod(destroy.body.id);
      await k8s.running(destroyJob);
      await k8s.succeed(destroyJob, JSON.stringify({ destroyed: true }));
      await waitForState(res.body.id, 'DELETED');
    });
  });

  describe('changes', () => {
    it('resizes and upgrades one minor version in recorded apply runs; refuses skips, downgrades, no change and other states', async () => {
      const cluster = await readyAws('change', { kubernetesVersion: '1.31' });
      const patch = (body: object, user = owner) => user.api.patch(`${base()}/${cluster.id}`, body);

      const skip = await patch({ kubernetesVersion: '1.33' });
      expect(skip.status).toBe(422);
      expect(fieldsOf(skip)).toEqual([
        {
          field: 'kubernetesVersion',
          message: 'upgrade one minor version at a time: from 1.31 the next is 1.32',
        },
      ]);
      const nothing = await patch({
        kubernetesVersion: '1.31',
        nodePool: { minSize: 1, maxSize: 3 },
      });
      expect(nothing.status).toBe(422);
      expect(nothing.body.code).toBe('cluster.nothing_to_change');
      expect((await patch({ nodePool: { maxSize: 5 } }, member)).status).toBe(403);
      expect((await patch({ nodePool: { maxSize: 5 } }, viewer)).status).toBe(403);

      const change = await patch({ kubernetesVersion: '1.32', nodePool: { maxSize: 5 } });
      expect(change.status).toBe(202);
      expect(change.body).toMatchObject({
        action: 'apply',
        state: 'PENDING',
        changes: {
          kubernetesVersion: { from: '1.31', to: '1.32' },
          nodeMaxSize: { from: 3, to: 5 },
        },
      });
      const changeRun = change.body.id as string;
      await k8s.jobWithPod(changeRun);
      expect(envOf(changeRun)).toMatchObject({
        STRATA_ACTION: 'apply',
        CLUSTER_KUBERNETES_VERSION: '1.32',
        CLUSTER_NODE_MIN_SIZE: '1',
        CLUSTER_NODE_MAX_SIZE: '5',
        STATE_BACKEND: 's3',
      });
      // Until the run succeeds the cluster keeps its recorded spec, and takes no other change.
      expect(await getCluster(cluster.id)).toMatchObject({
        kubernetesVersion: '1.31',
        nodePool: { minSize: 1, maxSize: 3 },
      });
      const busy = await patch({ nodePool: { maxSize: 6 } });
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('cluster.invalid_state');
      await endRun(changeRun, cluster.name);
      await waitForState(cluster.id, 'READY');
      expect(await getCluster(cluster.id)).toMatchObject({
        kubernetesVersion: '1.32',
        nodePool: { minSize: 1, maxSize: 5 },
      });

      const down = await patch({ kubernetesVersion: '1.31' });
      expect(down.status).toBe(422);
      expect(fieldsOf(down)).toEqual([
        { field: 'kubernetesVersion', message: 'a downgrade (1.32 to 1.31) is not possible' },
      ]);

      // A failed change leaves the old spec (FAILED); the retry repeats the change.
      const resize = await patch({ nodePool: { minSize: 2 } });
      expect(resize.status).toBe(202);
      await endRun(resize.body.id, cluster.name, 'fail');
      await waitForState(cluster.id, 'FAILED');
      expect((await getCluster(cluster.id)).nodePool).toMatchObject({ minSize: 1, maxSize: 5 });
      const retry = await owner.api.post(`${base()}/${cluster.id}/runs/retry`, {});
      expect(retry.status).toBe(201);
      expect(retry.body.changes).toEqual({ nodeMinSize: { from: 1, to: 2 } });
      await k8s.jobWithPod(retry.body.id);
      expect(envOf(retry.body.id)).toMatchObject({
        CLUSTER_NODE_MIN_SIZE: '2',
        CLUSTER_NODE_MAX_SIZE: '5',
      });
      await endRun(retry.body.id, cluster.name);
      await waitForState(cluster.id, 'READY');
      expect((await getCluster(cluster.id)).nodePool).toMatchObject({ minSize: 2, maxSize: 5 });

      // Each change is its own entry in the run history, newest first.
      const runs = (await owner.api.get(`${base()}/${cluster.id}/runs`)).body.items;
      expect(runs.map((r: { state: string; changes: unknown }) => [r.state, r.changes])).toEqual([
        ['SUCCEEDED', { nodeMinSize: { from: 1, to: 2 } }],
        ['FAILED', { nodeMinSize: { from: 1, to: 2 } }],
        [
          'SUCCEEDED',
          { kubernetesVersion: { from: '1.31', to: '1.32' }, nodeMaxSize: { from: 3, to: 5 } },
        ],
        ['SUCCEEDED', null],
      ]);
    });
  });

  describe('kubeconfig', () => {
    it('gives admins and owners a kubeconfig whose EKS token the STS stand-in verifies, never logged', async () => {
      const cluster = await readyAws('access');
      const res = await owner.api.get(`${base()}/${cluster.id}/kubeconfig`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="kubeconfig-${cluster.id}.yaml"`,
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      const expiresAt = new Date(res.headers.get('x-strata-expires-at')!);
      expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      expect(expiresAt.getTime()).toBeGreaterThan(Date.now());

      const kc = new KubeConfig();
      kc.loadFromString(res.text);
      expect(kc.getCurrentCluster()).toMatchObject({
        server: 'https://ACCESS.gr7.eu-west-1.eks.amazonaws.com',
        caData: CA,
      });
      const token = kc.getCurrentUser()!.token!;
      expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
      const url = Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8');
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('60');
      expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');

      // The EKS API server's check: the URL replayed with the cluster name.
      const replay = (u: string, name: string) => fetch(u, { headers: { 'x-k8s-aws-id': name } });
      const verified = await replay(url, cluster.name);
      expect(verified.status).toBe(200);
      // Signed with short-lived credentials (GetSessionToken), not the account's key.
      const presigned = sts.calls.filter((c) => c.presigned);
      expect(presigned.at(-1)).toMatchObject({
        outcome: 'ok',
        presigned: { clusterId: cluster.name },
      });
      expect(presigned.at(-1)!.accessKeyId).toMatch(/^ASIA/);
      expect(sts.issued.get(presigned.at(-1)!.accessKeyId)?.arn).toBe(keyA.arn);
      // A token for another cluster, or tampered with, does not verify.
      expect((await replay(url, 'another-cluster')).status).toBe(403);
      expect(
        (await replay(url.replace('GetCallerIdentity', 'GetSessionToken'), cluster.name)).status,
      ).toBe(403);
      expect(sts.calls.at(-1)?.outcome).toBe('SignatureDoesNotMatch');

      // An admin gets one as well (its own token).
      const byAdmin = await admin.api.get(`${base()}/${cluster.id}/kubeconfig`);
      expect(byAdmin.status).toBe(200);
      const adminKc = new KubeConfig();
      adminKc.loadFromString(byAdmin.text);
      expect(adminKc.getCurrentUser()!.token).toMatch(/^k8s-aws-v1\./);
      expect(adminKc.getCurrentUser()!.token).not.toBe(token);

      // Members and viewers: 403; another organization: 404; not READY: 409.
      for (const user of [member, viewer]) {
        const refused = await user.api.get(`${base()}/${cluster.id}/kubeconfig`);
        expect(refused.status).toBe(403);
        expect(refused.text).not.toContain('k8s-aws-v1');
      }
      const other = await ownerOfNewOrg(platform, 'access-other');
      const foreign = await other.owner.api.get(
        `/api/v1/orgs/${other.orgId}/clusters/${cluster.id}/kubeconfig`,
      );
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('cluster.not_found');
      const change = await owner.api.patch(`${base()}/${cluster.id}`, { nodePool: { maxSize: 4 } });
      expect(change.status).toBe(202);
      const busy = await owner.api.get(`${base()}/${cluster.id}/kubeconfig`);
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('cluster.not_ready');
      await endRun(change.body.id, cluster.name);
      await waitForState(cluster.id, 'READY');

      // The token and the kubeconfig never reach a service's log.
      const logs = platform.logs();
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(token.slice(11, 80));
      expect(logs).not.toContain(INTERNAL_TOKEN);
    });

    it('gives an admin a GKE kubeconfig whose OAuth token Google granted the account key (cloud-platform), stated to expire within 15 minutes', async () => {
      const res = await owner.api.post(base(), {
        provider: 'gcp',
        cloudAccountId: ids.gcp,
        stateConnectorId: ids.gcs,
        namePrefix: 'gke',
        region: 'us-central1',
      });
      expect(res.status).toBe(201);
      const runId = res.body.activeRunId as string;
      const job = await k8s.jobWithPod(runId);
      expect(envOf(runId)).toMatchObject({
        STRATA_PROVIDER: 'gcp',
        STATE_BACKEND: 'gcs',
        STATE_GCS_BUCKET: 'strata-access-gcs',
      });
      await k8s.running(job);
      await k8s.succeed(
        job,
        JSON.stringify({
          outputs: {
            endpoint: 'https://34.118.10.20',
            caCertificate: CA,
            clusterName: res.body.name,
            region: 'us-central1',
          },
        }),
      );
      await waitForState(res.body.id, 'READY');

      const grantsBefore = google.grants.length;
      const download = await admin.api.get(`${base()}/${res.body.id}/kubeconfig`);
      expect(download.status).toBe(200);
      const kc = new KubeConfig();
      kc.loadFromString(download.text);
      expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://34.118.10.20', caData: CA });
      const token = kc.getCurrentUser()!.token!;
      // Minted for this download by the JWT-bearer grant of the account's key.
      expect(google.grants.slice(grantsBefore)).toEqual([
        {
          clientEmail: gcpKey.clientEmail,
          scope: 'https://www.googleapis.com/auth/cloud-platform',
        },
      ]);
      // A live token of that service account: Google's APIs take it.
      const bucketList = await new Promise<number>((resolve, reject) => {
        const url = new URL(`/storage/v1/b?project=${gcpKey.projectId}`, google.storageEndpoint);
        https
          .get(url, { ca: tls.cert, headers: { authorization: `Bearer ${token}` } }, (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(bucketList).toBe(200);
      // Google grants an hour; the kubeconfig says at most 15 minutes.
      const expiresAt = new Date(download.headers.get('x-strata-expires-at')!).getTime();
      expect(expiresAt).toBeGreaterThan(Date.now());
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      expect(platform.logs()).not.toContain(token);

      for (const user of [member, viewer])
        expect((await user.api.get(`${base()}/${res.body.id}/kubeconfig`)).status).toBe(403);
    });

    it('mints an AKS token (Entra, the AKS server application) through the internal cloud.kube_token.issue only', async () => {
      /** As the cluster service asks (the internal token), or as someone else would. */
      const issue = (as: { headers?: Record<string, string>; accessToken?: string }) =>
        rpc.request(
          'cloud.kube_token.issue',
          {
            orgId,
            cloudAccountId: ids.azure,
            clusterName: 'aks-1',
            region: 'westeurope',
            purpose: 'kubeconfig:test',
          },
          as,
        );
      const issued = await issue({ headers: { 'x-strata-internal-token': INTERNAL_TOKEN } });
      const claims = JSON.parse(
        Buffer.from(issued.token.split('.')[1]!, 'base64url').toString('utf8'),
      );
      expect(claims).toMatchObject({
        aud: '6dae42f8-4368-4678-94ff-3960e28e3630',
        appid: sp.clientId,
        tid: sp.tenantId,
      });
      expect(azure.calls.filter((c) => c.endpoint === 'token').at(-1)).toMatchObject({
        clientId: sp.clientId,
        outcome: 'ok',
      });
      const codeOf = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: { status: number; code: string }) => `${e.status} ${e.code}`,
        );
      // Without the service credential (a user's access token is not one): refused.
      expect(await codeOf(issue({}))).toBe('403 cloud.internal_only');
      expect(await codeOf(issue({ accessToken: owner.accessToken }))).toBe(
        '403 cloud.internal_only',
      );
      expect(platform.logs()).not.toContain(issued.token);
    });
  });
});
