import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, headers } from 'nats';
import { Client } from 'pg';
import { requests } from '@strata/proto';
import {
  type AwsStsStandIn,
  type Platform,
  type S3rverStandIn,
  startAwsStsStandIn,
  startS3rver,
  startPlatform,
  waitUntil,
} from '@strata/testing';
import { apiLogin, bearer } from './support/accounts';
import {
  claimsOf,
  joinOrg,
  newUser,
  ownerOfNewOrg,
  PASSWORD,
  switchTo,
  type TestUser,
} from './support/orgs';

interface Entry {
  id: string;
  occurredAt: string;
  actor: { userId: string; username: string | null } | null;
  action: string;
  resource: { type: string; id: string; name: string | null };
  details: Record<string, unknown>;
  sourceEventId: string;
}

/**
 * Deleting an organization (issue 13 item 3) and its audit log (item 4), on one platform whose
 * cluster service runs the sandbox job as a child process (the local runner), so destroy runs
 * end on their own, and whose cloud service verifies AWS keys against the STS stand-in.
 */
describe('organization lifecycle and audit log', () => {
  let platform: Platform;
  let sts: AwsStsStandIn;
  let s3: S3rverStandIn;
  let db: Client;
  let workDir: string;
  let ada: TestUser; // owner of the organization
  let bob: TestUser; // admin
  let cyd: TestUser; // member
  let dee: TestUser; // member, then viewer
  let eve: TestUser; // owner of another organization
  let orgId: string;
  let eveOrgId: string;
  const ids: Record<string, string> = {};

  const aws = {
    accessKeyId: 'AKIAIOSFODNN7AUDIT01',
    secretAccessKey: `wJalrXUtnFEMI/K7MDENG/${randomBytes(12).toString('base64url')}`,
  };
  const awsBody = (name: string) => ({
    provider: 'aws',
    name,
    environment: 'prod',
    accessKeyId: aws.accessKeyId,
    secretAccessKey: aws.secretAccessKey,
  });
  const sandbox = (name: string) => ({
    provider: 'sandbox',
    namePrefix: name,
    nameSuffix: 'e2e',
    region: 'sandbox-1',
  });
  const clusters = (org = orgId) => `/api/v1/orgs/${org}/clusters`;
  const auditLog = (query = '', org = orgId) => `/api/v1/orgs/${org}/audit-log${query}`;
  const clusterState = async (id: string) => (await ada.api.get(`${clusters()}/${id}`)).body.state;
  const waitForState = (id: string, state: string) =>
    waitUntil(async () => (await clusterState(id)) === state, {
      timeoutMs: 30_000,
      description: `the cluster to be ${state}`,
    });

  /** Every entry of the organization's log, read page by page. */
  async function allEntries(user: TestUser, query = '', org = orgId): Promise<Entry[]> {
    const items: Entry[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const sep: string = query ? '&' : '?';
      const res: { status: number; body: { items: Entry[]; nextCursor: string | null } } =
        await user.api.get(
          auditLog(`${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, org),
        );
      expect(res.status).toBe(200);
      items.push(...(res.body.items as Entry[]));
      cursor = res.body.nextCursor;
    }
    return items;
  }

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'strata-org-audit-'));
    sts = await startAwsStsStandIn([
      {
        accessKeyId: aws.accessKeyId,
        secretAccessKey: aws.secretAccessKey,
        accountId: '123456789012',
        arn: 'arn:aws:iam::123456789012:user/strata-audit',
      },
    ]);
    s3 = await startS3rver(
      [{ ...aws, accountId: '123456789012' }],
      [{ name: 'strata-audit-state' }],
    );
    platform = await startPlatform({
      serviceEnv: {
        cluster: { CLUSTER_RUNNER: 'local', CLUSTER_LOCAL_WORKDIR: workDir },
        cloud: {
          CLOUD_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
          CLOUD_ACTIVE_KEY_ID: 'k1',
          CLOUD_AWS_STS_ENDPOINT: sts.url,
          CLOUD_S3_ENDPOINT: s3.url,
        },
      },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    [{ owner: ada, orgId }, bob, cyd, dee, { owner: eve, orgId: eveOrgId }] = await Promise.all([
      ownerOfNewOrg(platform, 'audit-ada'),
      newUser(platform, 'audit-bob'),
      newUser(platform, 'audit-cyd'),
      newUser(platform, 'audit-dee'),
      ownerOfNewOrg(platform, 'audit-eve'),
    ]);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
    await sts?.stop();
    await s3?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('keeps who did what: invitations, roles, sign-ins, cloud accounts, cluster runs and deletes', async () => {
    // Invitations created and accepted (bob admin, cyd and dee members), one revoked.
    await joinOrg(platform, ada, orgId, bob, 'admin');
    await joinOrg(platform, ada, orgId, cyd, 'member');
    await joinOrg(platform, ada, orgId, dee, 'member');
    const ghost = await ada.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'ghost-audit@example.com',
      role: 'viewer',
    });
    expect(ghost.status).toBe(201);
    ids.ghost = ghost.body.id;
    expect((await bob.api.delete(`/api/v1/orgs/${orgId}/invitations/${ids.ghost}`)).status).toBe(
      204,
    );
    // A role change by the admin.
    const demoted = await bob.api.patch(`/api/v1/orgs/${orgId}/members/${dee.userId}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);
    await switchTo(platform, dee, orgId); // the old token's role went stale
    // cyd signs in again, now a member.
    await apiLogin(platform, cyd.email, PASSWORD, 'audit-browser');
    // Cloud accounts: added, re-verified, another added and deleted.
    const prod = await ada.api.post(`/api/v1/orgs/${orgId}/cloud-accounts`, awsBody('Prod AWS'));
    expect(prod.status).toBe(201);
    ids.prod = prod.body.id;
    expect(
      (await bob.api.post(`/api/v1/orgs/${orgId}/cloud-accounts/${ids.prod}/verify`, {})).status,
    ).toBe(200);
    const scratch = await ada.api.post(
      `/api/v1/orgs/${orgId}/cloud-accounts`,
      awsBody('Scratch AWS'),
    );
    ids.scratch = scratch.body.id;
    // A storage connector (proved with a probe object against s3rver).
    const state = await ada.api.post(`/api/v1/orgs/${orgId}/storage-connectors`, {
      kind: 's3',
      name: 'State S3',
      cloudAccountId: ids.prod,
      bucket: 'strata-audit-state',
      region: 'eu-west-1',
    });
    expect(state.status).toBe(201);
    ids.state = state.body.id;
    expect(
      (await ada.api.delete(`/api/v1/orgs/${orgId}/cloud-accounts/${ids.scratch}`)).status,
    ).toBe(204);
    // Clusters: lake goes READY; pond is cancelled by the member cyd, then deleted by bob.
    const lake = await ada.api.post(clusters(), sandbox('lake'));
    expect(lake.status).toBe(201);
    ids.lake = lake.body.id;
    const pond = await ada.api.post(clusters(), sandbox('pond'));
    ids.pond = pond.body.id;
    expect((await cyd.api.post(`${clusters()}/${ids.pond}/runs/cancel`, {})).status).toBe(200);
    await waitForState(ids.pond, 'CANCELLED');
    expect((await bob.api.delete(`${clusters()}/${ids.pond}`)).status).toBe(202);
    await waitForState(ids.pond, 'DELETED');
    await waitForState(ids.lake, 'READY');
    // Another tenant's invitation: only in its own log.
    expect(
      (
        await eve.api.post(`/api/v1/orgs/${eveOrgId}/invitations`, {
          email: 'elsewhere-audit@example.com',
        })
      ).status,
    ).toBe(201);

    const expected = [
      'invitation.created',
      'invitation.accepted',
      'invitation.revoked',
      'member.added',
      'member.role_changed',
      'auth.signed_in',
      'cloud_account.added',
      'cloud_account.verified',
      'cloud_account.deleted',
      'storage_connector.verified',
      'cluster.created',
      'cluster.run.started',
      'cluster.run.cancelled',
      'cluster.run.succeeded',
      'cluster.deletion_requested',
      'cluster.deleted',
    ];
    const entries = await waitUntil(
      async () => {
        const all = await allEntries(ada);
        const actions = new Set(all.map((e) => e.action));
        // Each consumer keeps its stream's order: these last ones mean the earlier ones are in.
        const lakeReady = all.some(
          (e) => e.action === 'cluster.run.succeeded' && e.resource.id === ids.lake,
        );
        return expected.every((a) => actions.has(a)) && lakeReady ? all : undefined;
      },
      { timeoutMs: 20_000, description: 'every action in the audit log' },
    );
    const one = (action: string, match: (e: Entry) => boolean = () => true) => {
      const found = entries.filter((e) => e.action === action && match(e));
      expect(found).toHaveLength(1);
      return found[0];
    };
    const adaName = entries.find((e) => e.actor?.userId === ada.userId)?.actor?.username;
    expect(adaName).toMatch(/^audit-ada/);

    expect(one('invitation.revoked')).toMatchObject({
      actor: { userId: bob.userId },
      resource: { type: 'invitation', id: ids.ghost, name: 'ghost-audit@example.com' },
    });
    expect(one('invitation.created', (e) => e.resource.id === ids.ghost).details).toEqual({
      email: 'ghost-audit@example.com',
      role: 'viewer',
    });
    expect(JSON.stringify(entries)).not.toContain('token=');
    expect(one('invitation.accepted', (e) => e.actor?.userId === cyd.userId).details).toEqual({
      role: 'member',
    });
    expect(one('member.role_changed')).toMatchObject({
      actor: { userId: bob.userId },
      resource: { type: 'member', id: dee.userId },
      details: { from: 'member', to: 'viewer' },
    });
    const signIn = one('auth.signed_in', (e) => e.actor?.userId === cyd.userId);
    expect(signIn.details).toMatchObject({ userAgent: 'audit-browser' });
    expect(signIn.actor?.username).toMatch(/^audit-cyd/);
    expect(one('cloud_account.added', (e) => e.resource.id === ids.prod)).toMatchObject({
      actor: { userId: ada.userId },
      resource: { type: 'cloud_account', name: 'Prod AWS' },
      details: { provider: 'aws' },
    });
    expect(one('cloud_account.verified').actor?.userId).toBe(bob.userId);
    expect(one('cloud_account.deleted')).toMatchObject({
      actor: { userId: ada.userId },
      resource: { id: ids.scratch, name: 'Scratch AWS' },
    });
    expect(one('cluster.created', (e) => e.resource.id === ids.lake)).toMatchObject({
      actor: { userId: ada.userId },
      resource: { type: 'cluster', name: 'lake-e2e' },
    });
    expect(one('cluster.run.cancelled')).toMatchObject({
      actor: { userId: cyd.userId },
      resource: { id: ids.pond, name: 'pond-e2e' },
    });
    expect(
      one(
        'cluster.run.started',
        (e) => e.resource.id === ids.pond && e.details.runAction === 'destroy',
      ).actor?.userId,
    ).toBe(bob.userId);
    expect(one('cluster.deletion_requested').actor?.userId).toBe(bob.userId);
    expect(one('cluster.deleted').resource.id).toBe(ids.pond);
    // Secrets never reach the log; every entry names its source event.
    expect(JSON.stringify(entries)).not.toContain(aws.secretAccessKey);
    for (const e of entries) expect(e.sourceEventId).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing of the other organization, which keeps its own (once it is there, ours has not it).
    await waitUntil(
      async () =>
        JSON.stringify(await allEntries(eve, '', eveOrgId)).includes('elsewhere-audit@example.com'),
      { timeoutMs: 10_000, description: "the other organization's entry" },
    );
    expect(JSON.stringify(await allEntries(ada))).not.toContain('elsewhere-audit@example.com');
    expect((await eve.api.get(auditLog())).status).toBe(404);
  }, 90_000);

  it('records a kubeconfig download: the cluster, the owner who downloaded it, until when', async () => {
    const res = await ada.api.get(`${clusters()}/${ids.lake}/kubeconfig`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('sandbox-no-credentials'); // the sandbox's token
    const expiresAt = res.headers.get('x-strata-expires-at');
    expect(expiresAt).toEqual(expect.any(String));
    const [entry, ...more] = await waitUntil(
      async () => {
        const found = await allEntries(ada, '?action=cluster.kubeconfig.downloaded');
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 10_000, description: 'the kubeconfig download in the audit log' },
    );
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { userId: ada.userId },
      action: 'cluster.kubeconfig.downloaded',
      resource: { type: 'cluster', id: ids.lake, name: 'lake-e2e' },
      details: { expiresAt },
    });
    // Nothing of the kubeconfig itself (the sandbox's token, its server) is kept.
    expect(JSON.stringify(entry)).not.toContain('sandbox-no-credentials');
    expect(JSON.stringify(entry)).not.toContain('sandbox.strata.invalid');
  });

  it('keeps a cluster event of a subject it does not know yet, generically and without secrets', async () => {
    const nc = await connect({ servers: platform.infrastructure.natsUrl });
    try {
      const eventId = randomUUID();
      const h = headers();
      h.set('Strata-Event-Id', eventId);
      h.set('Strata-Occurred-At', new Date().toISOString());
      const body = {
        org_id: orgId,
        cluster_id: ids.lake,
        cluster_name: 'lake-e2e',
        actor_user_id: bob.userId,
        purpose: 'frob',
        kubeconfig: 'apiVersion: v1\nusers: [{user: {token: not-for-the-log}}]',
      };
      await nc
        .jetstream()
        .publish('evt.cluster.widget.frobbed', new TextEncoder().encode(JSON.stringify(body)), {
          msgID: eventId,
          headers: h,
        });
      const [entry] = await waitUntil(
        async () => {
          const found = await allEntries(ada, '?action=cluster.widget.frobbed');
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 10_000, description: 'the generic entry' },
      );
      expect(entry).toMatchObject({
        actor: { userId: bob.userId },
        action: 'cluster.widget.frobbed',
        resource: { type: 'widget', id: ids.lake },
        details: { purpose: 'frob', cluster_name: 'lake-e2e' },
        sourceEventId: eventId,
      });
      expect(JSON.stringify(entry)).not.toContain('not-for-the-log');
    } finally {
      await nc.close();
    }
  });

  it('filters by actor, action, resource and time, and pages with a cursor', async () => {
    const all = await allEntries(ada);
    const byCyd = await allEntries(ada, `?actor=${cyd.userId}`);
    expect(byCyd.length).toBeGreaterThan(0);
    expect(byCyd.every((e) => e.actor?.userId === cyd.userId)).toBe(true);
    expect(byCyd).toEqual(all.filter((e) => e.actor?.userId === cyd.userId));
    const started = await allEntries(ada, '?action=cluster.run.started');
    expect(started.map((e) => e.resource.id).sort()).toEqual([ids.lake, ids.pond, ids.pond].sort());
    const lake = await allEntries(ada, `?resourceType=cluster&resourceId=${ids.lake}`);
    expect(lake.map((e) => e.action).sort()).toEqual(
      [
        'cluster.created',
        'cluster.run.started',
        'cluster.run.succeeded',
        'cluster.kubeconfig.downloaded',
      ].sort(),
    );
    // Newest first; a time window [from, to) around the middle entries.
    const times = all.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const from = times[Math.floor(times.length * 0.7)];
    const to = times[Math.floor(times.length * 0.3)];
    const window = await allEntries(
      ada,
      `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(window.map((e) => e.id)).toEqual(
      all.filter((e) => e.occurredAt >= from && e.occurredAt < to).map((e) => e.id),
    );
    // Pages of 4 give the same entries, each once.
    const paged = await allEntries(ada, '?limit=4');
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const first = await ada.api.get(auditLog('?limit=4'));
    expect(first.body.items).toHaveLength(4);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    // Bad input is a 400 with a clear message.
    const bad = await ada.api.get(auditLog('?actor=someone&from=yesterday'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('gateway.invalid_query');
    expect(bad.body.detail).toMatch(/actor must be a user id/);
    expect((await ada.api.get(auditLog('?cursor=bm9wZQ'))).body.code).toBe(
      'accounts.invalid_cursor',
    );
  });

  it('shows the log to admins and owners only (viewers and members 403)', async () => {
    expect((await bob.api.get(auditLog())).status).toBe(200);
    for (const user of [cyd, dee]) {
      const res = await user.api.get(auditLog());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('platform.forbidden');
    }
  });

  it('has no way to change or delete an entry: no route, no subject, and the database refuses', async () => {
    const [entry] = (await ada.api.get(auditLog('?limit=1'))).body.items as Entry[];
    for (const method of ['patch', 'put', 'delete'] as const) {
      const res = await ada.api[method](`${auditLog()}/${entry.id}`, { action: 'x' });
      expect([404, 405]).toContain(res.status);
    }
    expect([404, 405]).toContain((await ada.api.delete(auditLog())).status);
    expect(Object.keys(requests).filter((s) => s.includes('audit'))).toEqual([
      'accounts.audit.list',
    ]);
    for (const sql of [
      `UPDATE accounts.audit_entries SET action = 'x' WHERE id = '${entry.id}'`,
      `DELETE FROM accounts.audit_entries WHERE id = '${entry.id}'`,
      'TRUNCATE accounts.audit_entries',
    ])
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
    // Not even by claiming to be the retention job: the trigger asks who calls, not a setting.
    await db.query('BEGIN');
    try {
      await db.query("SET LOCAL strata.audit_retention = 'on'");
      await expect(
        db.query(`DELETE FROM accounts.audit_entries WHERE id = '${entry.id}'`),
      ).rejects.toThrow(/append-only/);
    } finally {
      await db.query('ROLLBACK');
    }
    const { rows } = await db.query('SELECT action FROM accounts.audit_entries WHERE id = $1', [
      entry.id,
    ]);
    expect(rows).toEqual([{ action: entry.action }]);
  });

  it('takes a deleted user’s email out of invitation entries recorded after the erasure, when evt.accounts.profile.deleted comes by', async () => {
    // Entries of an invitation accepted by a user whose account is gone (as if recorded late:
    // the erasure had nothing to clear yet), then the erasure's event on the stream.
    const gone = randomUUID();
    const invitation = randomUUID();
    const address = `late-${gone.slice(0, 8)}@example.com`;
    const rows: Array<[string, string, object]> = [
      ['invitation.created', ada.userId, { email: address, role: 'member' }],
      ['invitation.accepted', gone, { role: 'member' }],
    ];
    for (const [action, actor, details] of rows)
      await db.query(
        `INSERT INTO accounts.audit_entries (id, org_id, occurred_at, actor_user_id, action, resource_type, resource_id, resource_name, details, source_event_id, source_subject)
         VALUES ($1, $2, now(), $3, $4, 'invitation', $5, $6, $7, $8, 'evt.test.late')`,
        [
          randomUUID(),
          orgId,
          actor,
          action,
          invitation,
          address,
          JSON.stringify(details),
          randomUUID(),
        ],
      );
    const nc = await connect({ servers: platform.infrastructure.natsUrl });
    try {
      const eventId = randomUUID();
      const h = headers();
      h.set('Strata-Event-Id', eventId);
      h.set('Strata-Occurred-At', new Date().toISOString());
      await nc
        .jetstream()
        .publish(
          'evt.accounts.profile.deleted',
          new TextEncoder().encode(JSON.stringify({ user_id: gone })),
          { msgID: eventId, headers: h },
        );
    } finally {
      await nc.close();
    }
    const entries = await waitUntil(
      async () => {
        const found = await db.query(
          `SELECT action, actor_user_id, resource_name, details FROM accounts.audit_entries
            WHERE resource_id = $1 ORDER BY action`,
          [invitation],
        );
        return found.rows.every((r) => r.resource_name === null) ? found.rows : undefined;
      },
      { timeoutMs: 10_000, description: 'the address out of the late entries' },
    );
    expect(entries).toEqual([
      {
        action: 'invitation.accepted',
        actor_user_id: gone,
        resource_name: null,
        details: { role: 'member' },
      },
      {
        action: 'invitation.created',
        actor_user_id: ada.userId,
        resource_name: null,
        details: { role: 'member' },
      },
    ]);
  });

  it('shows an organization to its members with their role, member count and state', async () => {
    const res = await dee.api.get(`/api/v1/orgs/${orgId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: orgId,
      name: 'audit-ada team',
      role: 'viewer',
      memberCount: 4,
      state: 'ACTIVE',
      active: true,
      personal: false,
    });
    expect((await eve.api.get(`/api/v1/orgs/${orgId}`)).status).toBe(404);
  });

  it('refuses to delete while clusters and cloud accounts are left, names them, and only for owners', async () => {
    const admin = await bob.api.delete(`/api/v1/orgs/${orgId}`);
    expect(admin.status).toBe(403);
    const refused = await ada.api.delete(`/api/v1/orgs/${orgId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('accounts.org_not_empty');
    expect(refused.body.detail).toBe(
      'The organization still has 1 cluster (lake-e2e), 1 cloud account (Prod AWS) and 1 storage connector (State S3): delete them first, or ask for ?teardown=true to destroy and delete them with it.',
    );
    expect(refused.body.errors).toEqual([
      { field: 'clusters', message: 'lake-e2e (READY)' },
      { field: 'cloudAccounts', message: 'Prod AWS' },
      { field: 'storageConnectors', message: 'State S3' },
    ]);
    const personal = await newUser(platform, 'audit-solo');
    const mine = (await personal.api.get('/api/v1/orgs')).body.items[0];
    const kept = await personal.api.delete(`/api/v1/orgs/${mine.id}`);
    expect(kept.status).toBe(409);
    expect(kept.body.code).toBe('accounts.personal_org');
    expect((await ada.api.get(`/api/v1/orgs/${orgId}`)).body.state).toBe('ACTIVE');
  });

  it('tears everything down with ?teardown=true: destroy runs, cloud accounts, then the organization', async () => {
    // An entry past retention, which the retention job removes when accounts starts again.
    const old = randomUUID();
    await db.query(
      `INSERT INTO accounts.audit_entries (id, org_id, occurred_at, action, resource_type, resource_id, source_event_id, source_subject)
       VALUES ($1, $2, now() - interval '401 days', 'test.old', 'test', 'x', $3, 'evt.test.old')`,
      [old, orgId, randomUUID()],
    );
    // A cluster still being created: its apply is cancelled (or has ended) and it is destroyed too.
    const surf = await ada.api.post(clusters(), sandbox('surf'));
    expect(surf.status).toBe(201);
    const res = await ada.api.delete(`/api/v1/orgs/${orgId}?teardown=true`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: orgId, state: 'DELETING', role: 'owner' });
    // Nothing new in it: invitations at once, clusters and cloud accounts once those services
    // have the request (and a new cluster could not slip in unseen: they lock the organization).
    const invite = await ada.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'late-audit@example.com',
    });
    expect(invite.body.code).toBe('accounts.org_deleting');
    const lateCluster = await waitUntil(
      async () => {
        const r = await ada.api.post(clusters(), sandbox('late'));
        return r.status === 409 ? r : undefined;
      },
      { timeoutMs: 10_000, description: 'cluster creates refused' },
    );
    expect(lateCluster.body.code).toBe('cluster.org_deleting');
    // accounts stops and starts during the teardown: the saga resumes from the stream.
    await platform.restart('accounts');
    const lateAccount = await waitUntil(
      async () => {
        const r = await ada.api.post(`/api/v1/orgs/${orgId}/cloud-accounts`, awsBody('Late'));
        return r.status === 409 || r.status === 404 ? r : undefined;
      },
      { timeoutMs: 10_000, description: 'cloud account creates refused' },
    );
    // While the teardown runs, cloud refuses (409); it can also have finished by now (the
    // sandbox destroys take a second), and then the organization is gone (404). Either way no
    // account was made: the count below is 0.
    expect([
      [409, 'cloud.org_deleting'],
      [404, 'accounts.org_not_found'],
    ]).toContainEqual([lateAccount.status, lateAccount.body.code]);
    const count = async (sql: string) => (await db.query(sql, [orgId])).rows[0].n as number;
    await waitUntil(
      async () =>
        (await count('SELECT count(*)::int AS n FROM accounts.organizations WHERE id = $1')) === 0,
      { timeoutMs: 30_000, description: 'the organization to be gone' },
    );
    // The memberships ended: the old tokens are refused, fresh ones name another organization.
    // (docs/permissions.md: a token naming an organization the user has left answers 404.)
    await waitUntil(async () => (await dee.api.get(`/api/v1/orgs/${orgId}`)).status === 404, {
      timeoutMs: 5_000,
      description: "the gateway to refuse the old token's organization",
    });
    for (const user of [ada, dee]) {
      const fresh = await apiLogin(platform, user.email, PASSWORD);
      expect(claimsOf(fresh.accessToken).org).not.toBe(orgId);
      const api = bearer(platform, fresh.accessToken);
      const gone = await api.get(`/api/v1/orgs/${orgId}`);
      expect(gone.status).toBe(404);
      expect(gone.body.code).toBe('accounts.org_not_found');
      const mine = (await api.get('/api/v1/orgs')).body.items as { id: string }[];
      expect(mine.map((o) => o.id)).not.toContain(orgId);
    }

    // The cluster went through a destroy run requested by the owner; nothing is left anywhere.
    const runs = await db.query(
      `SELECT c.name, c.state AS cluster_state, r.action, r.state, r.requested_by
         FROM cluster.clusters c JOIN cluster.runs r ON r.cluster_id = c.id
        WHERE c.org_id = $1 AND r.action = 'destroy' ORDER BY c.name`,
      [orgId],
    );
    expect(runs.rows.filter((r) => r.name !== 'late-e2e')).toEqual([
      {
        name: 'lake-e2e',
        cluster_state: 'DELETED',
        action: 'destroy',
        state: 'SUCCEEDED',
        requested_by: ada.userId,
      },
      {
        name: 'pond-e2e',
        cluster_state: 'DELETED',
        action: 'destroy',
        state: 'SUCCEEDED',
        requested_by: bob.userId,
      },
      {
        name: 'surf-e2e',
        cluster_state: 'DELETED',
        action: 'destroy',
        state: 'SUCCEEDED',
        requested_by: ada.userId,
      },
    ]);
    expect(
      await count('SELECT count(*)::int AS n FROM cloud.cloud_accounts WHERE org_id = $1'),
    ).toBe(0);
    expect(
      await count('SELECT count(*)::int AS n FROM cloud.storage_connectors WHERE org_id = $1'),
    ).toBe(0);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM cluster.clusters WHERE org_id = $1 AND state <> 'DELETED'",
      ),
    ).toBe(0);
    expect(
      await count('SELECT count(*)::int AS n FROM accounts.memberships WHERE org_id = $1'),
    ).toBe(0);
    expect(
      await count('SELECT count(*)::int AS n FROM accounts.invitations WHERE org_id = $1'),
    ).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM accounts.organizations WHERE id = $1')).toBe(
      0,
    );
    // The teardown's steps are in the (append-only) log; the old entry went with retention.
    const rows = await waitUntil(
      async () => {
        const found = await db.query(
          'SELECT action, actor_user_id, resource_name FROM accounts.audit_entries WHERE org_id = $1',
          [orgId],
        );
        // The last event of each consumer's stream in the teardown: the earlier ones are in.
        const last = [
          'organization.deleted',
          'cloud.organization.cleared',
          'cluster.organization.cleared',
        ];
        const actions = found.rows.map((r) => r.action as string);
        return last.every((a) => actions.includes(a)) ? found.rows : undefined;
      },
      { timeoutMs: 10_000, description: 'the deletion in the audit log' },
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          action: 'organization.deletion_requested',
          actor_user_id: ada.userId,
          resource_name: 'audit-ada team',
        },
        { action: 'cluster.run.started', actor_user_id: ada.userId, resource_name: 'lake-e2e' },
        { action: 'cluster.deleted', actor_user_id: null, resource_name: 'lake-e2e' },
        { action: 'cloud_account.deleted', actor_user_id: ada.userId, resource_name: 'Prod AWS' },
        {
          action: 'storage_connector.deleted',
          actor_user_id: ada.userId,
          resource_name: 'State S3',
        },
        {
          action: 'organization.deleted',
          actor_user_id: ada.userId,
          resource_name: 'audit-ada team',
        },
      ]),
    );
    expect(rows.map((r) => r.action)).not.toContain('test.old');
  }, 90_000);
});
