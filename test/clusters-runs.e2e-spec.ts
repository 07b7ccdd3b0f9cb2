import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import {
  type AwsStsStandIn,
  type KubernetesTestCluster,
  type Platform,
  type S3rverStandIn,
  startAwsStsStandIn,
  startS3rver,
  startKubernetesTestCluster,
  startPlatform,
  waitUntil,
} from '@strata/testing';
import { claimsOf, invitationToken, newUser, switchTo, type TestUser } from './support/orgs';

/**
 * Cluster runs beyond the happy path (issue 5), the cluster service's Kubernetes runner talking
 * through the real @kubernetes/client-node to the Kubernetes API stand-in, or to the cluster of
 * KUBECONFIG (docs/testing.md), through a proxy that can break its watches: the exact Job and
 * Secret of an AWS apply (credentials from the cloud service's cloud.credentials.issue against
 * the STS stand-in), roles, a broken watch and a 410 Gone, and the service killed mid-run and
 * restarted. "Exactly once" is counted in the EVENTS stream and in the rows.
 */
const INTERNAL_TOKEN = randomBytes(32).toString('base64url');
const DEADLINE = 1800;
const TTL = 600;

const sandbox = (name: string) => ({
  provider: 'sandbox',
  namePrefix: name,
  nameSuffix: 'runs',
  region: 'sandbox-1',
});

interface ClusterEvent {
  subject: string;
  payload: Record<string, string>;
}

describe('cluster runs', () => {
  let k8s: KubernetesTestCluster;
  let sts: AwsStsStandIn;
  let s3: S3rverStandIn;
  let platform: Platform;
  let owner: TestUser;
  let orgId: string;
  let db: Client;
  let nc: NatsConnection;

  const aws = {
    accessKeyId: 'AKIAIOSFODNN7CLUSTER1',
    secretAccessKey: `wJalrXUtnFEMI/K7MDENG/${randomBytes(12).toString('base64url')}`,
    accountId: '210987654321',
    arn: 'arn:aws:iam::210987654321:user/strata-clusters',
  };

  beforeAll(async () => {
    k8s = await startKubernetesTestCluster();
    sts = await startAwsStsStandIn([
      {
        accessKeyId: aws.accessKeyId,
        secretAccessKey: aws.secretAccessKey,
        accountId: aws.accountId,
        arn: aws.arn,
      },
    ]);
    s3 = await startS3rver(
      [{ accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey }],
      [{ name: 'strata-runs-state' }],
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
          ...k8s.serviceEnv,
          CLOUD_INTERNAL_TOKEN: INTERNAL_TOKEN,
          CLUSTER_JOB_DEADLINE_SECONDS: String(DEADLINE),
          CLUSTER_JOB_TTL_SECONDS: String(TTL),
        },
      },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    nc = await connect({ servers: platform.infrastructure.natsUrl });
    owner = await newUser(platform, 'runs-owner');
    orgId = claimsOf(owner.accessToken).org as string;
  }, 180_000);

  afterAll(async () => {
    await nc?.close();
    await db?.end();
    await platform?.stop();
    await sts?.stop();
    await s3?.stop();
    await k8s?.stop();
  });

  const base = () => `/api/v1/orgs/${orgId}/clusters`;
  const getCluster = async (id: string) => (await owner.api.get(`${base()}/${id}`)).body;
  const waitForState = (id: string, state: string, timeoutMs = 20_000) =>
    waitUntil(async () => (await getCluster(id)).state === state, {
      timeoutMs,
      description: `the cluster to be ${state}`,
    });
  const waitForPod = (runId: string) => k8s.jobWithPod(runId);
  /** A sandbox cluster whose apply Job runs (the cluster PROVISIONING). */
  const provisioning = async (name: string) => {
    const res = await owner.api.post(base(), sandbox(name));
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const runId = res.body.activeRunId as string;
    const job = await waitForPod(runId);
    await k8s.running(job);
    await waitForState(id, 'PROVISIONING');
    return { id, runId, job };
  };

  /** Every evt.cluster.* message about `clusterId` in the EVENTS stream, in stream order (wire JSON: proto field names). */
  async function eventsOf(clusterId: string): Promise<ClusterEvent[]> {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info('EVENTS');
    const found: ClusterEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('EVENTS', { seq }).catch(() => undefined);
      if (!msg || !msg.subject.startsWith('evt.cluster.')) continue;
      const payload = JSON.parse(new TextDecoder().decode(msg.data)) as Record<string, string>;
      if (payload.cluster_id === clusterId) found.push({ subject: msg.subject, payload });
    }
    return found;
  }
  let markers = 0;
  /**
   * Reads the stream once the service is done with `clusterId`'s run: a marker cluster is taken
   * from PENDING to READY through the same watches, runner and outbox. The watches deliver in
   * order, so whatever they still had about earlier Jobs (a resumed watch's replay, a relist, a
   * Pod seen late) was reported before the marker's Job; then the outbox is drained.
   */
  async function settledEventsOf(clusterId: string) {
    const marker = await provisioning(`marker-${++markers}`);
    await k8s.succeed(marker.job, JSON.stringify({ outputs: {} }));
    await waitForState(marker.id, 'READY');
    await waitUntil(
      async () =>
        Number(
          (await db.query('SELECT count(*) FROM cluster.outbox WHERE published_at IS NULL')).rows[0]
            .count,
        ) === 0,
      { timeoutMs: 15_000, description: 'the cluster outbox to drain' },
    );
    return eventsOf(clusterId);
  }
  const summary = (events: ClusterEvent[]) =>
    events.map((e) =>
      e.subject === 'evt.cluster.cluster.state_changed'
        ? `state ${e.payload.from || '-'}>${e.payload.to}`
        : `${e.subject.replace('evt.cluster.run.', 'run ')} ${e.payload.state}`,
    );
  const runRows = async (clusterId: string) =>
    (
      await db.query(
        'SELECT state, action, failure_reason FROM cluster.runs WHERE cluster_id = $1 ORDER BY created_at',
        [clusterId],
      )
    ).rows as Array<{ state: string; action: string; failure_reason: string | null }>;

  /** The events of one apply that went PENDING -> RUNNING -> SUCCEEDED, each once. */
  const READY_ONCE = [
    'state ->PENDING',
    'state PENDING>PROVISIONING',
    'run started RUNNING',
    'run succeeded SUCCEEDED',
    'state PROVISIONING>READY',
  ];
  const sorted = (list: string[]) => [...list].sort();

  describe('an AWS apply', () => {
    it('creates exactly the documented Job (with the S3 state backend) and its credentials Secret, owned by the Job', async () => {
      const account = await owner.api.post(`/api/v1/orgs/${orgId}/cloud-accounts`, {
        provider: 'aws',
        name: 'Clusters AWS',
        environment: 'prod',
        accessKeyId: aws.accessKeyId,
        secretAccessKey: aws.secretAccessKey,
      });
      expect(account.status).toBe(201);
      const connector = await owner.api.post(`/api/v1/orgs/${orgId}/storage-connectors`, {
        kind: 's3',
        name: 'Runs state',
        cloudAccountId: account.body.id,
        bucket: 'strata-runs-state',
        region: 'eu-central-1',
      });
      expect(connector.status).toBe(201);
      const res = await owner.api.post(base(), {
        provider: 'aws',
        cloudAccountId: account.body.id,
        stateConnectorId: connector.body.id,
        namePrefix: 'analytics',
        nameSuffix: 'prod',
        region: 'eu-west-1',
      });
      expect(res.status).toBe(201);
      const cluster = res.body;
      const runId = cluster.activeRunId as string;
      const runSecrets = async () =>
        (await k8s.secrets()).filter((s) => s.metadata?.labels?.['strata.dev/run-id'] === runId);
      await waitUntil(
        async () => (await k8s.jobOfRun(runId)) !== undefined && (await runSecrets()).length > 0,
        { timeoutMs: 15_000, description: 'the Job and its Secret' },
      );
      // Exactly as the service sent it; the API server's copy adds its defaults to it.
      const job = k8s.sent('jobs').find((j) => j.metadata.labels['strata.dev/run-id'] === runId)!;
      const stored = (await k8s.jobOfRun(runId))!;
      expect(stored).toMatchObject({ metadata: job.metadata, spec: job.spec });
      const jobName = job.metadata.name as string;
      expect(jobName).toBe(`strata-apply-${runId.replace(/-/g, '').slice(0, 12)}`);
      const labels = {
        'strata.dev/managed-by': 'strata-cluster',
        'strata.dev/cluster-id': cluster.id,
        'strata.dev/run-id': runId,
        'strata.dev/org-id': orgId,
        'strata.dev/action': 'apply',
        'strata.dev/provider': 'aws',
      };
      expect(job.metadata).toEqual({ name: jobName, namespace: k8s.namespace, labels });
      const env = {
        CLUSTER_KUBERNETES_VERSION: '1.33',
        CLUSTER_NAME: 'analytics-prod',
        CLUSTER_NODE_INSTANCE_TYPE: 't3.large',
        CLUSTER_NODE_MAX_SIZE: '3',
        CLUSTER_NODE_MIN_SIZE: '1',
        CLUSTER_PRIVATE_SUBNET_CIDRS: cluster.privateSubnetCidrs.join(','),
        CLUSTER_PUBLIC_SUBNET_CIDRS: cluster.publicSubnetCidrs.join(','),
        CLUSTER_REGION: 'eu-west-1',
        CLUSTER_VPC_CIDR: '10.0.0.0/16',
        // The connector as resolved at create: the backend, bucket and its region.
        STATE_BACKEND: 's3',
        STATE_CONNECTOR_ID: connector.body.id,
        STATE_KEY: `clusters/${orgId}/${cluster.id}/terraform.tfstate`,
        STATE_S3_BUCKET: 'strata-runs-state',
        STATE_S3_REGION: 'eu-central-1',
        STRATA_ACTION: 'apply',
        STRATA_CLUSTER_ID: cluster.id,
        STRATA_ORG_ID: orgId,
        STRATA_PROVIDER: 'aws',
        STRATA_RUN_ID: runId,
      };
      expect(cluster.publicSubnetCidrs.length).toBeGreaterThan(0);
      expect(job.spec).toEqual({
        backoffLimit: 0,
        activeDeadlineSeconds: DEADLINE,
        ttlSecondsAfterFinished: TTL,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,
              runAsGroup: 10001,
              fsGroup: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'job',
                image: k8s.jobImage,
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
                envFrom: [{ secretRef: { name: `${jobName}-credentials` } }],
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 10001,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                resources: {
                  requests: { cpu: '250m', memory: '256Mi' },
                  limits: { cpu: '1', memory: '1Gi' },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
          },
        },
      });

      // The Secret: the short-lived STS session (GetSessionToken), owned by the Job.
      const secrets = await runSecrets();
      expect(secrets).toHaveLength(1);
      const secret = secrets[0]!;
      expect(secret.metadata!.name).toBe(`${jobName}-credentials`);
      expect(secret.type).toBe('Opaque');
      expect(secret.metadata!.labels).toEqual({
        'strata.dev/managed-by': 'strata-cluster',
        'strata.dev/run-id': runId,
        'strata.dev/cluster-id': cluster.id,
        'strata.dev/org-id': orgId,
      });
      expect(secret.metadata!.ownerReferences).toEqual([
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: jobName,
          uid: stored.metadata!.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      const data = Object.fromEntries(
        Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString('utf8'),
        ]),
      );
      expect(Object.keys(data).sort()).toEqual([
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
      ]);
      expect(data.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      const session = sts.issued.get(data.AWS_ACCESS_KEY_ID!);
      expect(session).toBeDefined();
      expect(session!.arn).toBe(aws.arn);
      expect(data.AWS_SECRET_ACCESS_KEY).toBe(session!.secretAccessKey);
      expect(data.AWS_SESSION_TOKEN).toBe(session!.sessionToken);
      expect(sts.calls).toContainEqual({
        action: 'GetSessionToken',
        accessKeyId: aws.accessKeyId,
        outcome: 'ok',
      });

      // No secret anywhere in the Job (spec, args, env), nor the long-lived key.
      const jobText = JSON.stringify([job, stored]);
      for (const value of [
        data.AWS_ACCESS_KEY_ID!,
        data.AWS_SECRET_ACCESS_KEY!,
        data.AWS_SESSION_TOKEN!,
        aws.secretAccessKey,
        aws.accessKeyId,
        INTERNAL_TOKEN,
      ])
        expect(jobText).not.toContain(value);
      const container = job.spec.template.spec.containers[0];
      expect(container.args).toBeUndefined();
      expect(container.command).toBeUndefined();
      // ...nor in the service's log lines.
      for (const value of [
        data.AWS_SECRET_ACCESS_KEY!,
        data.AWS_SESSION_TOKEN!,
        aws.secretAccessKey,
      ])
        expect(platform.logs()).not.toContain(value);

      // Cancelling deletes the Job, and the garbage collector takes the Secret with it.
      await k8s.running(jobName);
      await waitForState(cluster.id, 'PROVISIONING');
      const cancel = await owner.api.post(`${base()}/${cluster.id}/runs/cancel`, {});
      expect(cancel.status).toBe(200);
      await waitUntil(
        async () => (await k8s.jobOfRun(runId)) === undefined && (await runSecrets()).length === 0,
        { timeoutMs: 30_000, description: 'the Job and its Secret to be gone' },
      );
      await waitForState(cluster.id, 'CANCELLED');
    });
  });

  describe('roles', () => {
    it('refuses a member (403) and a viewer (403) on create; a member still reads the list', async () => {
      const tries: Array<[string, number]> = [];
      for (const role of ['member', 'viewer']) {
        const user = await newUser(platform, `runs-${role}`);
        const invited = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
          email: user.email,
          role,
        });
        expect(invited.status).toBe(201);
        const token = await invitationToken(platform, user.email);
        expect((await user.api.post('/api/v1/invitations/accept', { token })).status).toBe(200);
        await switchTo(platform, user, orgId);
        expect(claimsOf(user.accessToken).role).toBe(role);
        const res = await user.api.post(base(), sandbox(`by-${role}`));
        tries.push([role, res.status]);
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        const list = await user.api.get(base());
        expect(list.status).toBe(200);
        expect(list.body.items.some((c: { name: string }) => c.name === `by-${role}-runs`)).toBe(
          false,
        );
      }
      expect(tries).toEqual([
        ['member', 403],
        ['viewer', 403],
      ]);
    });

    it('refuses a second live cluster with the same name (422 on namePrefix), and a concurrent second run (409)', async () => {
      const first = await owner.api.post(base(), sandbox('twin'));
      expect(first.status).toBe(201);
      const second = await owner.api.post(base(), sandbox('twin'));
      expect(second.status).toBe(422);
      expect(second.body.code).toBe('cluster.validation_failed');
      expect(second.body.errors).toEqual([
        {
          field: 'namePrefix',
          message: 'a cluster named twin-runs already exists in this organization',
        },
      ]);
      // Make it READY, then delete it twice at once: one destroy run, the other refused.
      const job = await waitForPod(first.body.activeRunId);
      await k8s.running(job);
      await k8s.succeed(job, JSON.stringify({ outputs: { endpoint: 'https://twin.example' } }));
      await waitForState(first.body.id, 'READY');
      const both = await Promise.all([
        owner.api.delete(`${base()}/${first.body.id}`),
        owner.api.delete(`${base()}/${first.body.id}`),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
      const refused = both.find((r) => r.status === 409)!;
      expect(['cluster.run_in_progress', 'cluster.invalid_state']).toContain(refused.body.code);
      const runs = await runRows(first.body.id);
      expect(runs.map((r) => r.action)).toEqual(['apply', 'destroy']);
      // The destroy runs to its end (nothing is left unfinished for the restart test).
      const accepted = both.find((r) => r.status === 202)!;
      const destroyJob = await waitForPod(accepted.body.id);
      await k8s.running(destroyJob);
      await k8s.succeed(destroyJob, JSON.stringify({ outputs: {} }));
      await waitForState(first.body.id, 'DELETED');
    });
  });

  describe('the informer', () => {
    it('resumes a broken watch from its resourceVersion: the transitions made meanwhile arrive once', async () => {
      const { id, job } = await provisioning('broken-watch');
      const watchesBefore = k8s.watchCount();
      const goneBefore = k8s.goneCount();
      k8s.breakWatches();
      // Changed while no watch is open: the resumed watch must replay them from history.
      await k8s.log(job, 'applying\n');
      await k8s.succeed(job, JSON.stringify({ outputs: { endpoint: 'https://broken.example' } }));
      await waitForState(id, 'READY');
      expect(k8s.watchCount()).toBeGreaterThan(watchesBefore);
      expect(k8s.goneCount()).toBe(goneBefore);
      // And a break after the end changes nothing.
      k8s.breakWatches();
      const events = await settledEventsOf(id); // after a marker through the resumed watches
      expect(sorted(summary(events))).toEqual(sorted(READY_ONCE));
      expect((await runRows(id)).map((r) => r.state)).toEqual(['SUCCEEDED']);
      expect((await getCluster(id)).outputs).toEqual({ endpoint: 'https://broken.example' });
    });

    it('takes outputs and failure reasons from the Pod even when the Job’s end is seen first', async () => {
      const ok = await provisioning('job-first-ok');
      const bad = await provisioning('job-first-bad');
      // (On the stand-in the Job's end is recorded 1.5 s before its Pod's; a real cluster keeps
      // its own order.)
      await k8s.succeed(
        ok.job,
        JSON.stringify({ outputs: { endpoint: 'https://first.example' } }),
        { podLagMs: 1500 },
      );
      await k8s.fail(
        bad.job,
        JSON.stringify({ outputs: {}, error: 'quota exceeded in eu-west-1' }),
        1,
        { podLagMs: 1500 },
      );
      await waitForState(ok.id, 'READY');
      await waitForState(bad.id, 'FAILED');
      expect((await getCluster(ok.id)).outputs).toEqual({ endpoint: 'https://first.example' });
      expect((await getCluster(bad.id)).failureReason).toBe('quota exceeded in eu-west-1');
      expect(sorted(summary(await settledEventsOf(ok.id)))).toEqual(sorted(READY_ONCE));
    });

    it('relists after a 410 Gone: a transition made across the compaction is applied once', async () => {
      const { id, job } = await provisioning('gone-watch');
      const goneBefore = k8s.goneCount();
      k8s.compact();
      await k8s.succeed(job, JSON.stringify({ outputs: { endpoint: 'https://gone.example' } }));
      await waitForState(id, 'READY');
      expect(k8s.goneCount()).toBeGreaterThan(goneBefore);
      // A second compaction (and the relist it causes) re-reports the ended Job: no change.
      const goneMid = k8s.goneCount();
      k8s.compact();
      await waitUntil(async () => k8s.goneCount() > goneMid, {
        timeoutMs: 10_000,
        description: 'the second 410 Gone',
      });
      const events = await settledEventsOf(id); // after a marker through the relisted watches
      expect(sorted(summary(events))).toEqual(sorted(READY_ONCE));
      expect((await runRows(id)).map((r) => r.state)).toEqual(['SUCCEEDED']);
      await platform.waitForLog('cluster', /410 Gone/);
    });

    it('reads a run’s log once: the stream the server ended with the container is not opened again when the Pod’s end arrives after it', async () => {
      const { id, runId, job } = await provisioning('log-once');
      await k8s.log(job, 'applying\nApply complete!\n');
      // (On the stand-in the log stream ends 300 ms before the Pod's and the Job's ends are
      // recorded, as a kubelet ends it when the container exits; a real cluster keeps its own
      // order.)
      await k8s.succeed(job, JSON.stringify({ outputs: {} }), { logLeadMs: 300 });
      await waitForState(id, 'READY');
      const logs = await owner.api.get(`${base()}/${id}/runs/${runId}/logs?after=0`);
      expect(logs.body.chunks.map((c: { text: string }) => c.text).join('')).toBe(
        'applying\nApply complete!\n',
      );
      expect(logs.body.complete).toBe(true);
      expect(await k8s.logReads(job)).toBe(1);
    });
  });

  describe('a restart', () => {
    it('reconciles after being killed mid-run: a Job that ended is applied once, a Job that vanished fails its run', async () => {
      const ended = await provisioning('ends-while-down');
      const vanished = await provisioning('vanishes-while-down');
      const stillRunning = await provisioning('runs-through');
      await k8s.log(ended.job, 'half way\n');
      await platform.kill('cluster');

      await k8s.log(ended.job, 'done while nobody watched\n');
      await k8s.succeed(
        ended.job,
        JSON.stringify({ outputs: { endpoint: 'https://ended.example' } }),
      );
      expect(await k8s.deleteJob(vanished.job)).toBe(true);
      expect(await k8s.podOf(vanished.job)).toBeUndefined();

      await platform.restart('cluster');
      await waitForState(ended.id, 'READY');
      await waitForState(vanished.id, 'FAILED');
      const line = await platform.waitForLog(
        'cluster',
        /runner started and unfinished runs reconciled/,
      );
      expect(JSON.parse(line)).toMatchObject({ runner: 'kubernetes', unfinished: 3 });

      const failed = await getCluster(vanished.id);
      expect(failed.failureReason).toBe(
        'The run’s Job disappeared from the Kubernetes API before it ended.',
      );
      expect(await runRows(vanished.id)).toEqual([
        {
          state: 'FAILED',
          action: 'apply',
          failure_reason: 'The run’s Job disappeared from the Kubernetes API before it ended.',
        },
      ]);
      expect(await runRows(ended.id)).toEqual([
        { state: 'SUCCEEDED', action: 'apply', failure_reason: null },
      ]);
      expect((await getCluster(ended.id)).outputs).toEqual({ endpoint: 'https://ended.example' });
      // The log written while the service was down was read after the restart, once.
      const logs = await owner.api.get(`${base()}/${ended.id}/runs/${ended.runId}/logs?after=0`);
      expect(logs.body.chunks.map((c: { text: string }) => c.text).join('')).toBe(
        'half way\ndone while nobody watched\n',
      );

      // The run still going is followed after the restart.
      expect((await getCluster(stillRunning.id)).state).toBe('PROVISIONING');
      await k8s.succeed(stillRunning.job, JSON.stringify({ outputs: {} }));
      await waitForState(stillRunning.id, 'READY');

      // Exactly once, counted in the EVENTS stream.
      expect(sorted(summary(await settledEventsOf(ended.id)))).toEqual(sorted(READY_ONCE));
      expect(sorted(summary(await settledEventsOf(stillRunning.id)))).toEqual(sorted(READY_ONCE));
      expect(sorted(summary(await settledEventsOf(vanished.id)))).toEqual(
        sorted([
          'state ->PENDING',
          'state PENDING>PROVISIONING',
          'run started RUNNING',
          'run failed FAILED',
          'state PROVISIONING>FAILED',
        ]),
      );
      // The structured lines of the transitions after the restart.
      const changed = platform
        .logs('cluster')
        .split('\n')
        .filter((l) => l.includes('"run state changed"') && l.includes(ended.runId))
        .map((l) => JSON.parse(l) as Record<string, string>);
      expect(changed.map((l) => [l.from, l.to])).toEqual([
        ['PENDING', 'RUNNING'],
        ['RUNNING', 'SUCCEEDED'],
      ]);
      expect(changed[1]).toMatchObject({ runId: ended.runId, clusterId: ended.id, level: 'info' });
    });
  });

  describe('publishing after the commit', () => {
    it('a transition whose events were committed but not yet published when the service died is published once, by the relay', async () => {
      // Armed before the run starts: with a kubelet (KUBECONFIG mode) its Pod runs on its own.
      // The service dies right after its first transition commits, before publishing its events.
      await platform.restart('cluster', { STRATA_FAILPOINTS: 'outbox.before_direct_publish' });
      await platform.waitForLog('cluster', /runner started and unfinished runs reconciled/);
      const res = await owner.api.post(base(), sandbox('dies-after-commit'));
      expect(res.status).toBe(201);
      const id = res.body.id as string;
      const runId = res.body.activeRunId as string;
      const job = await waitForPod(runId);
      await k8s.running(job);
      await platform.waitForLog('cluster', /failpoint outbox\.before_direct_publish triggered/);
      await platform.waitForLog('cluster', /exited/);

      // Committed, leased to the dead process, not in the stream (the create's own event goes
      // through the relay and may or may not have left before the process died).
      const leased = await db.query<{ subject: string }>(
        `SELECT subject FROM cluster.outbox
          WHERE published_at IS NULL AND publish_after IS NOT NULL AND payload->>'cluster_id' = $1
          ORDER BY subject`,
        [id],
      );
      expect(leased.rows.map((row) => row.subject)).toEqual([
        'evt.cluster.cluster.state_changed',
        'evt.cluster.run.started',
      ]);
      expect(['state ->PENDING']).toEqual(expect.arrayContaining(summary(await eventsOf(id))));

      await platform.restart('cluster');
      expect(sorted(summary(await settledEventsOf(id)))).toEqual(
        sorted(['state ->PENDING', 'state PENDING>PROVISIONING', 'run started RUNNING']),
      );
      // The rest of the run is published directly, each event once.
      await k8s.succeed(job, JSON.stringify({ outputs: {} }));
      await waitForState(id, 'READY');
      expect(sorted(summary(await settledEventsOf(id)))).toEqual(sorted(READY_ONCE));
    });
  });
});
