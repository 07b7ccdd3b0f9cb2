import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '@bufbuild/protobuf';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { Client } from 'pg';
import { encodeEvent, EventInit, EventSubject } from '@strata/messaging';
import { parseLiveEvent, Provider } from '@strata/proto';
import { Platform, startPlatform, waitUntil } from '@strata/testing';
import { apiLogin } from './support/accounts';
import { claimsOf, newUser, PASSWORD, TestUser } from './support/orgs';
import { SseClient } from './support/sse-client';

/**
 * Notifications and live updates (issue 6): domain events become notifications once, reach the
 * user's SSE stream in order with growing ids, a reconnect with Last-Event-ID gets exactly what
 * was missed, a notify restart loses nothing, one user never sees another's events, preferences
 * and the unread count hold under concurrency, failures and security events are emailed.
 */
describe('notifications over SSE', () => {
  let platform: Platform;
  let nats: NatsConnection;
  let db: Client;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: {
        gateway: { SSE_HEARTBEAT_SECONDS: '0.5', SSE_MAX_CONNECTIONS_PER_USER: '4' },
      },
    });
    nats = await connect({ servers: platform.infrastructure.natsUrl });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    [alice, bob] = await Promise.all([newUser(platform, 'alice'), newUser(platform, 'bob')]);
    // Their first sign-ins are handled (and not notified) before the tests start watching.
    await waitUntil(async () => (await processed('notify-security-sign-in')) >= 2, {
      timeoutMs: 15_000,
      description: 'first sign-ins handled',
    });
  });

  afterAll(async () => {
    await db?.end();
    await nats?.close();
    await platform?.stop();
  });

  const stream = (user: TestUser) =>
    new SseClient(`${platform.gatewayUrl}/api/v1/events`, {
      authorization: `Bearer ${user.accessToken}`,
    });
  const ids = (client: SseClient) =>
    client.events.filter((e) => e.id !== undefined).map((e) => Number(e.id));
  const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const SAFARI_IPHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  const signInAgain = (user: TestUser, device = FIREFOX_LINUX) =>
    apiLogin(platform, user.email, PASSWORD, device);

  /** Publishes a domain event as its service's relay would (event id in the headers). */
  async function publish<S extends EventSubject>(
    subject: S,
    data: EventInit<S>,
    id = randomUUID(),
  ) {
    const h = natsHeaders();
    h.set('Strata-Event-Id', id);
    h.set('Strata-Occurred-At', new Date().toISOString());
    await nats.jetstream().publish(subject, JSON.stringify(encodeEvent(subject, data)), {
      headers: h,
      msgID: `${id}-${randomUUID()}`, // a redelivery JetStream itself would not drop
    });
    return id;
  }

  const processed = async (consumer: string) =>
    Number(
      (
        await db.query('SELECT count(*) AS n FROM notify.processed_events WHERE consumer = $1', [
          consumer,
        ])
      ).rows[0].n,
    );

  it("does not notify a user's first session ever as a new sign-in", async () => {
    for (const user of [alice, bob]) {
      const list = await user.api.get('/api/v1/notifications');
      expect(list.status).toBe(200);
      expect(list.body.items.map((n: { kind: string }) => n.kind)).not.toContain(
        'security.new_sign_in',
      );
    }
    // A marker: another user's second sign-in, mailed by the same consumer (one event at a time,
    // in order) after alice's and bob's first ones. Once its mail is in, theirs would be too.
    const carol = await newUser(platform, 'carol');
    await signInAgain(carol);
    await platform.mail.waitFor((m) => m.to.includes(carol.email) && /New sign-in/.test(m.subject));
    const signInMails = platform.mail.mails.filter((m) => /New sign-in/.test(m.subject));
    expect(signInMails.map((m) => m.to)).toEqual([[carol.email]]);
  });

  it('streams a new sign-in as a notification and an unread count, in order, with growing ids; emails it', async () => {
    const sse = await stream(alice).open();
    expect(sse.status).toBe(200);
    await sse.until((e) => e.some((x) => x.event === 'hello'));
    const start = Number(sse.of('hello')[0].id);

    await signInAgain(alice, FIREFOX_LINUX);
    await sse.until((e) => e.some((x) => x.event === 'notification'));
    await sse.until((e) => e.some((x) => x.event === 'unread'));
    const notification = sse.of('notification')[0].json;
    expect(notification).toMatchObject({ kind: 'security.new_sign_in' });
    // Absent is absent (proto3 optional): no org for a security notice, not read yet.
    expect(notification).not.toHaveProperty('orgId');
    expect(notification).not.toHaveProperty('readAt');
    expect(String(notification.body)).toContain('with Firefox on Linux.');
    expect(String(notification.body)).not.toContain('Mozilla'); // the device in words, not the raw UA
    expect(ids(sse)).toEqual([start, start + 1, start + 2]);
    expect(sse.events.map((e) => e.event)).toEqual(['hello', 'notification', 'unread']);

    const mail = await platform.mail.waitFor(
      (m) =>
        m.to.includes(alice.email) &&
        /New sign-in/.test(m.subject) &&
        m.text.includes('Firefox on Linux'),
    );
    expect(mail.text).toContain('127.0.0.1');

    const list = await alice.api.get('/api/v1/notifications?unread=true');
    expect(list.status).toBe(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).toContain(notification.id);
    const count = await alice.api.get('/api/v1/notifications/unread-count');
    expect(count.body.unread).toBe(sse.of('unread').at(-1)!.json.unread);
    // Heartbeat comments keep the stream open (0.5 s in this suite).
    await waitUntil(async () => sse.comments > 0, { timeoutMs: 5000, description: 'heartbeat' });
    sse.close();
  });

  it('never sends one user another user’s events', async () => {
    const bobs = await stream(bob).open();
    await bobs.until((e) => e.some((x) => x.event === 'hello'));
    const alices = await stream(alice).open();
    await alices.until((e) => e.some((x) => x.event === 'hello'));
    await signInAgain(alice);
    await alices.until((e) => e.some((x) => x.event === 'unread'));
    // A marker: bob's own sign-in, handled by the same consumer after alice's and pushed on bob's
    // stream after anything of alice's that would have gone there.
    await signInAgain(bob);
    await bobs.until((e) => e.some((x) => x.event === 'unread'));
    expect(bobs.events.map((e) => e.event)).toEqual(['hello', 'notification', 'unread']);
    const bobsList = await bob.api.get('/api/v1/notifications');
    expect(
      bobsList.body.items.every(
        (n: { data: { sessionId?: string } }) => n.data.sessionId !== alice.sessionId,
      ),
    ).toBe(true);
    bobs.close();
    alices.close();
  });

  it('replays exactly the missed events after a reconnect with Last-Event-ID', async () => {
    const first = await stream(alice).open();
    await first.until((e) => e.some((x) => x.event === 'hello'));
    await signInAgain(alice);
    await first.until((e) => e.filter((x) => x.event === 'unread').length === 1);
    const seen = first.lastEventId!;
    first.close(); // disconnect mid-stream

    const handledBefore = await processed('notify-security-sign-in');
    await signInAgain(alice);
    await signInAgain(alice);
    await waitUntil(async () => (await processed('notify-security-sign-in')) >= handledBefore + 2, {
      timeoutMs: 10_000,
      description: 'sign-ins handled',
    });
    const again = await stream(alice).open(seen);
    await again.until((e) => e.filter((x) => x.event === 'unread').length === 2);
    // A marker: a live sign-in after the replay; once it is in, a duplicate would have come first.
    await signInAgain(alice);
    await again.until((e) => e.filter((x) => x.event === 'unread').length >= 3);
    const replayed = ids(again);
    expect(replayed).toEqual([1, 2, 3, 4, 5, 6].map((n) => Number(seen) + n));
    expect(again.events.filter((e) => e.id).map((e) => e.event)).toEqual([
      'notification',
      'unread',
      'notification',
      'unread',
      'notification',
      'unread',
    ]);
    again.close();

    // From the middle: only what came after.
    const middle = await stream(alice).open(String(Number(seen) + 2));
    await middle.until((e) => e.filter((x) => x.id).length >= 4);
    expect(ids(middle)).toEqual([3, 4, 5, 6].map((n) => Number(seen) + n));
    middle.close();
  });

  it('loses no event across a notify restart', async () => {
    const sse = await stream(alice).open();
    await sse.until((e) => e.some((x) => x.event === 'hello'));
    const start = Number(sse.lastEventId);
    await platform.kill('notify');
    // While notify is down the event waits in JetStream.
    await signInAgain(alice, SAFARI_IPHONE);
    await platform.restart('notify');
    await sse.until((e) =>
      e.some((x) => x.event === 'notification' && String(x.json.body).includes('Safari on iOS')),
    );
    const after = ids(sse);
    expect(after).toEqual(after.map((_, i) => start + i)); // no gap, no duplicate
    sse.close();
  });

  it('keeps the unread count right under concurrent mark-all-read and new notifications', async () => {
    const sse = await stream(alice).open();
    await sse.until((e) => e.some((x) => x.event === 'hello'));
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) {
      work.push(signInAgain(alice, `device-${i}`));
      work.push(alice.api.post('/api/v1/notifications/read', { all: true }));
    }
    await Promise.all(work);
    await waitUntil(
      async () =>
        Number(
          (
            await db.query(
              "SELECT count(*) AS n FROM notify.notifications WHERE user_id = $1 AND data->>'userAgent' LIKE 'device-%'",
              [alice.userId],
            )
          ).rows[0].n,
        ) === 6,
      { timeoutMs: 15_000, description: 'six notifications' },
    );
    const unreadRows = Number(
      (
        await db.query(
          'SELECT count(*) AS n FROM notify.notifications WHERE user_id = $1 AND read_at IS NULL',
          [alice.userId],
        )
      ).rows[0].n,
    );
    const count = await alice.api.get('/api/v1/notifications/unread-count');
    expect(count.body.unread).toBe(unreadRows);
    await sse.until(
      (e) => e.filter((x) => x.event === 'unread').at(-1)?.json.unread === unreadRows,
    );
    // Concurrent marks and deletes: every answer is the count right after its own change.
    const marked = await alice.api.post('/api/v1/notifications/read', { all: true });
    expect(marked.body.unread).toBe(0);
    const deleted = await alice.api.delete('/api/v1/notifications');
    expect(deleted.status).toBe(200);
    expect(deleted.body.unread).toBe(0);
    expect((await alice.api.get('/api/v1/notifications')).body.items).toEqual([]);
    sse.close();
  });

  it('pages notifications newest first, marks chosen ones read, deletes one and then every read one', async () => {
    const dave = await newUser(platform, 'dave');
    for (let i = 0; i < 5; i++) await signInAgain(dave, `pager-${i}`);
    type Item = { id: string; createdAt: string; readAt: string | null };
    const all = async (query = '') => {
      const items: Item[] = [];
      let cursor = '';
      for (let pages = 0; pages < 10; pages++) {
        const sep = query ? '&' : '';
        const page = await dave.api.get(
          `/api/v1/notifications?${query}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        items.push(...(page.body.items as Item[]));
        cursor = (page.body.nextCursor as string | null) ?? '';
        if (!cursor) break;
      }
      return items;
    };
    await waitUntil(async () => (await all()).length === 5, {
      timeoutMs: 15_000,
      description: "dave's five sign-in notifications",
    });
    const items = await all();
    expect(new Set(items.map((n) => n.id)).size).toBe(5);
    const times = items.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const [first, second, third] = items.map((n) => n.id);

    const markedOne = await dave.api.post('/api/v1/notifications/read', { ids: [first] });
    expect(markedOne.body).toEqual({ marked: 1, unread: 4 });
    const markedPath = await dave.api.post(`/api/v1/notifications/${second}/read`, {});
    expect(markedPath.body).toEqual({ marked: 1, unread: 3 });
    expect((await all('unread=true')).map((n) => n.id)).toEqual(items.slice(2).map((n) => n.id));
    // Another user's id among them: not found, and nothing is marked.
    const mixed = await alice.api.post('/api/v1/notifications/read', { ids: [third] });
    expect(mixed.status).toBe(404);
    expect(mixed.body.code).toBe('notify.notification_not_found');

    const removed = await dave.api.delete(`/api/v1/notifications/${third}`);
    expect(removed.body).toEqual({ deleted: 1, unread: 2 });
    const again = await dave.api.delete(`/api/v1/notifications/${third}`);
    expect(again.status).toBe(404);
    const cleared = await dave.api.delete('/api/v1/notifications');
    expect(cleared.body).toEqual({ deleted: 2, unread: 2 });
    const left = await all();
    expect(left.map((n) => n.id)).toEqual(items.slice(3).map((n) => n.id));
    expect(left.map((n) => n.readAt)).toEqual([null, null]);

    const badCursor = await dave.api.get('/api/v1/notifications?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('notify.invalid_cursor');
  });

  it('respects preferences: no in-app notification and no email for a kind turned off', async () => {
    const put = await bob.api.put('/api/v1/me/notification-preferences', {
      items: [{ kind: 'security.new_sign_in', inApp: false, email: false }],
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toContainEqual({
      kind: 'security.new_sign_in',
      inApp: false,
      email: false,
    });
    const before = await processed('notify-security-sign-in');
    platform.mail.clear();
    await signInAgain(bob, 'Quiet browser');
    await waitUntil(async () => (await processed('notify-security-sign-in')) > before, {
      timeoutMs: 10_000,
      description: 'sign-in handled',
    });
    // A marker: alice's sign-in, mailed by the same consumer after bob's was handled; once its
    // mail is in, any mail for bob's would be too.
    await signInAgain(alice, 'Marker browser');
    await platform.mail.waitFor((m) => m.to.includes(alice.email) && /New sign-in/.test(m.subject));
    const list = await bob.api.get('/api/v1/notifications');
    expect(
      list.body.items.some(
        (n: { data: { userAgent?: string } }) => n.data.userAgent === 'Quiet browser',
      ),
    ).toBe(false);
    expect(platform.mail.mails.filter((m) => m.to.includes(bob.email))).toHaveLength(0);
    const bad = await bob.api.put('/api/v1/me/notification-preferences', {
      items: [{ kind: 'no.such_kind', inApp: true, email: true }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('notify.unknown_kind');
  });

  it('notifies org admins of a failed cloud account once per event, by email too', async () => {
    const orgId = claimsOf(alice.accessToken).org as string;
    const id = randomUUID();
    const data = {
      orgId,
      accountId: randomUUID(),
      provider: Provider.AWS,
      code: 'cloud.invalid_credentials',
      actorUserId: alice.userId,
    };
    await publish('evt.cloud.account.verification_failed', data, id);
    await publish('evt.cloud.account.verification_failed', data, id); // redelivered
    const mail = await platform.mail.waitFor(
      (m) => m.to.includes(alice.email) && /AWS account failed verification/.test(m.subject),
    );
    expect(mail.text).toContain('cloud.invalid_credentials');
    // A marker: a later event on the same consumer (one at a time, in order); once its mail is
    // in, the redelivered one has been handled too.
    await publish('evt.cloud.account.verification_failed', {
      ...data,
      accountId: randomUUID(),
      code: 'cloud.marker',
    });
    await platform.mail.waitFor(
      (m) => m.to.includes(alice.email) && m.text.includes('cloud.marker'),
    );
    const rows = await db.query('SELECT user_id FROM notify.notifications WHERE event_id = $1', [
      id,
    ]);
    expect(rows.rows).toEqual([{ user_id: alice.userId }]);
    const mails = platform.mail.mails.filter(
      (m) => m.to.includes(alice.email) && m.text.includes('cloud.invalid_credentials'),
    );
    expect(mails).toHaveLength(1);
  });

  it('streams cluster status to the organization’s members only, and notifies a failed run', async () => {
    const orgId = claimsOf(alice.accessToken).org as string;
    const alices = await stream(alice).open();
    const bobs = await stream(bob).open();
    await alices.until((e) => e.some((x) => x.event === 'hello'));
    await bobs.until((e) => e.some((x) => x.event === 'hello'));
    const clusterId = randomUUID();
    const runId = randomUUID();
    await publish('evt.cluster.cluster.state_changed', {
      orgId,
      clusterId,
      from: 'PENDING',
      to: 'PROVISIONING',
      runId,
    });
    await publish('evt.cluster.run.failed', {
      orgId,
      clusterId,
      runId,
      action: 'apply',
      state: 'FAILED',
      reason: 'terraform apply exited with 1',
    });
    await alices.until((e) => e.some((x) => x.event === 'cluster'));
    expect(alices.of('cluster')[0].json).toMatchObject({ clusterId, to: 'PROVISIONING' });
    await alices.until((e) =>
      e.some((x) => x.event === 'notification' && x.json.kind === 'cluster.run_failed'),
    );
    await platform.mail.waitFor(
      (m) => m.to.includes(alice.email) && /Creating a cluster failed/.test(m.subject),
    );
    // Markers: the same two events in bob's own organization, handled by the same consumers
    // after alice's; once bob has them, anything of alice's would have reached him first.
    const bobsOrg = claimsOf(bob.accessToken).org as string;
    const markerCluster = randomUUID();
    const markerRun = randomUUID();
    await publish('evt.cluster.cluster.state_changed', {
      orgId: bobsOrg,
      clusterId: markerCluster,
      from: 'PENDING',
      to: 'PROVISIONING',
      runId: markerRun,
    });
    await publish('evt.cluster.run.failed', {
      orgId: bobsOrg,
      clusterId: markerCluster,
      runId: markerRun,
      action: 'apply',
      state: 'FAILED',
      reason: 'marker',
    });
    await bobs.until(
      (e) =>
        e.some((x) => x.event === 'cluster') &&
        e.some((x) => x.event === 'notification') &&
        e.some((x) => x.event === 'unread'),
    );
    expect(bobs.of('cluster').map((e) => e.json.clusterId)).toEqual([markerCluster]);
    expect(bobs.events.map((e) => e.event).sort()).toEqual(
      ['hello', 'cluster', 'notification', 'unread'].sort(),
    );
    alices.close();
    bobs.close();
  });

  it('reads a push of the form before the contract (rolling upgrade: gateways before notify)', async () => {
    const sse = await stream(bob).open();
    await sse.until((e) => e.some((x) => x.event === 'hello'));
    const next = Number(sse.of('hello')[0].json.lastSeq) + 1;
    const id = randomUUID();
    const at = new Date().toISOString();
    // What a notify before the contract published: {seq, type, data, at} with "" and null.
    nats.publish(
      `push.user.${bob.userId}`,
      JSON.stringify({
        seq: next,
        type: 'notification',
        data: {
          id,
          orgId: '',
          kind: 'security.password_changed',
          title: 'Your password was changed',
          body: 'Old form.',
          data: {},
          createdAt: at,
          readAt: null,
        },
        at,
      }),
    );
    await sse.until((e) => e.some((x) => x.event === 'notification' && x.json.id === id));
    const pushed = sse.of('notification').find((x) => x.json.id === id)!;
    expect(pushed.id).toBe(String(next));
    expect(pushed.json).not.toHaveProperty('orgId');
    expect(pushed.json).not.toHaveProperty('readAt');
    sse.close();
  });

  it('rewrites stored pushes of the form before the contract to the new form (migration)', async () => {
    const user = randomUUID();
    const orgId = randomUUID();
    const clusterId = randomUUID();
    const legacy: Array<[string, object]> = [
      [
        'notification',
        {
          id: randomUUID(),
          orgId: '',
          kind: 'security.new_sign_in',
          title: 'New sign-in to your account',
          body: 'Old form.',
          data: { ip: '127.0.0.1' },
          createdAt: new Date().toISOString(),
          readAt: null,
        },
      ],
      ['cluster', { orgId, clusterId, from: 'PENDING', to: 'PROVISIONING', runId: '', reason: '' }],
      [
        'app',
        {
          orgId,
          clusterId,
          appId: randomUUID(),
          catalogId: 'airflow',
          from: 'PENDING',
          to: 'INSTALLING',
          runId: '',
          reason: '',
        },
      ],
      ['unread', { unread: 0 }],
    ];
    for (const [i, [type, data]] of legacy.entries())
      await db.query(
        'INSERT INTO notify.push_log (user_id, seq, type, data, published_at) VALUES ($1, $2, $3, $4, now())',
        [user, i + 1, type, JSON.stringify(data)],
      );
    const sql = readFileSync(
      join(
        __dirname,
        '../services/notify/prisma/migrations/20261202150000_push_log_contract/migration.sql',
      ),
      'utf8',
    );
    await db.query(`SET search_path TO notify; ${sql}; RESET search_path;`);
    const rows = (
      await db.query<{ type: string; data: Record<string, unknown> }>(
        'SELECT type, data FROM notify.push_log WHERE user_id = $1 ORDER BY seq',
        [user],
      )
    ).rows;
    expect(rows.map((r) => r.type)).toEqual(['notification', 'cluster', 'app', 'unread']);
    for (const row of rows) {
      for (const sentinel of ['orgId', 'readAt', 'runId', 'reason'])
        if (row.data[sentinel] === '' || row.data[sentinel] === null)
          throw new Error(`${row.type} still has ${sentinel}: ${JSON.stringify(row.data)}`);
      expect(() => parseLiveEvent(row.type, row.data as JsonValue)).not.toThrow();
    }
    expect(rows[1].data).toEqual({ orgId, clusterId, from: 'PENDING', to: 'PROVISIONING' });
    expect(rows[3].data).toEqual({ unread: 0 });
    await db.query('DELETE FROM notify.push_log WHERE user_id = $1', [user]);
  });

  it('works with the browser’s cookie, caps streams per user (429), and refuses no token (401)', async () => {
    const login = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: bob.email, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .filter((c) => c.startsWith('__Host-strata_at='))
      .join('; ');
    const streams: SseClient[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await new SseClient(`${platform.gatewayUrl}/api/v1/events`, { cookie }).open();
      expect(s.status).toBe(200);
      streams.push(s);
    }
    const fifth = await stream(bob).open();
    expect(fifth.status).toBe(429);
    expect(JSON.parse(fifth.body).code).toBe('gateway.too_many_streams');
    streams.forEach((s) => s.close());
    const anonymous = await new SseClient(`${platform.gatewayUrl}/api/v1/events`, {}).open();
    expect(anonymous.status).toBe(401);
  });

  it('sends the event stream the headers of a non-document answer, its refusals those of every answer', async () => {
    const sse = await stream(alice).open();
    expect(sse.status).toBe(200);
    const h = sse.responseHeaders!;
    expect(h.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(h.get('cache-control')).toContain('no-store');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    // May load nothing, framed by no one: a stricter policy than the page's, and a short one.
    expect(h.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    // Document-only headers (what a page may use, open or send) are not kept for hours per stream.
    for (const name of ['permissions-policy', 'cross-origin-opener-policy', 'referrer-policy'])
      expect(h.get(name)).toBeNull();
    await sse.until((e) => e.some((x) => x.event === 'hello'));
    sse.close();
    // A refusal on the same route is an ordinary answer, with every header.
    const anonymous = await new SseClient(`${platform.gatewayUrl}/api/v1/events`, {}).open();
    expect(anonymous.status).toBe(401);
    expect(anonymous.responseHeaders!.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(anonymous.responseHeaders!.get('content-security-policy')).toContain(
      "script-src 'self'",
    );
  });

  it('tells every client to reconnect when the gateway shuts down', async () => {
    const sse = await stream(alice).open();
    await sse.until((e) => e.some((x) => x.event === 'hello'));
    await platform.restart('gateway');
    await sse.until((e) => e.some((x) => x.event === 'reconnect'));
    await sse.ended();
    expect(sse.closed).toBe(true);
  });
});
