import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { EVENTS_STREAM } from '@strata/messaging';
import { HttpClient, Platform, startPlatform, waitUntil } from '@strata/testing';
import { apiLogin, uniqueEmail, verificationToken } from './support/accounts';
import { newUser, PASSWORD, TestUser } from './support/orgs';
import { SseClient } from './support/sse-client';

/** One JSON log line of a service process. */
type LogLine = Record<string, unknown> & { msg?: string; replica?: string };

/**
 * Scale-out as the Helm chart runs it (issue 15 item 7): two gateway processes and two replicas
 * of each service on one NATS and one PostgreSQL. Requests spread over the replicas (the
 * service's NATS queue group), each event is handled once across a service's replicas (one
 * durable consumer shared by them), an SSE client on either gateway sees every push for its user,
 * and a SIGKILL of one replica under a steady stream of requests loses and doubles nothing.
 */
describe('scale-out: two gateways, two replicas of each service', () => {
  let platform: Platform;
  let nats: NatsConnection;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ replicas: 2, gateways: 2, readyTimeoutMs: 120_000 });
    nats = await connect({ servers: platform.infrastructure.natsUrl });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await nats?.close();
    await platform?.stop();
  });

  const gateway = (i: number) => new HttpClient(platform.gatewayUrls[i % 2]);
  const lines = (replica: string): LogLine[] =>
    platform
      .logs(replica)
      .split('\n')
      .flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  /** `rpc handled` lines of one replica for subjects of its service. */
  const rpcHandled = (replica: string) => lines(replica).filter((l) => l.msg === 'rpc handled');
  /** `event handled` lines of every replica of `service` for one durable consumer. */
  const eventsHandled = (service: string, consumer: string) =>
    platform
      .replicas(service)
      .flatMap((replica) =>
        lines(replica).filter((l) => l.msg === 'event handled' && l.consumer === consumer),
      );
  /** Resolves once the durable has nothing waiting and nothing delivered but unacknowledged. */
  const drained = async (durable: string) => {
    const jsm = await nats.jetstreamManager();
    await waitUntil(
      async () => {
        const info = await jsm.consumers.info(EVENTS_STREAM, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: `${durable} drained` },
    );
  };
  const me = (user: TestUser, i: number) => gateway(i).bearer(user.accessToken).get('/api/v1/me');

  it('runs each replica as its own process, naming itself on every log line', () => {
    expect(platform.gatewayUrls).toHaveLength(2);
    expect(new Set(platform.gatewayUrls).size).toBe(2);
    for (const service of ['auth', 'accounts', 'notify', 'cloud', 'cluster']) {
      const replicas = platform.replicas(service);
      expect(replicas).toEqual([service, `${service}-2`]);
      for (const replica of replicas) {
        const own = lines(replica).filter((l) => typeof l.service === 'string');
        expect(own.length).toBeGreaterThan(0);
        expect(new Set(own.map((l) => l.replica))).toEqual(new Set([replica]));
      }
    }
  });

  it('spreads requests over both replicas of a service (its queue group), through both gateways', async () => {
    const user = await newUser(platform, 'spread');
    // GET /me is answered by accounts, GET /me/sessions by auth.
    for (const [service, path] of [
      ['accounts', '/api/v1/me'],
      ['auth', '/api/v1/me/sessions'],
    ]) {
      const before = platform.replicas(service).map((r) => rpcHandled(r).length);
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          gateway(i)
            .bearer(user.accessToken)
            .get(path)
            .then((res) => res.status),
        ),
      );
      expect(statuses).toEqual(statuses.map(() => 200));
      const after = platform.replicas(service).map((r) => rpcHandled(r).length);
      // Both replicas answered some of them (40 requests all to one: 2^-39).
      expect({ service, first: after[0] > before[0], second: after[1] > before[1] }).toEqual({
        service,
        first: true,
        second: true,
      });
    }
  });

  it('handles each event once across the replicas: one profile and one verification email per sign-up', async () => {
    const emails = Array.from({ length: 6 }, (_, i) => uniqueEmail(`once${i}`));
    const answers = await Promise.all(
      emails.map((email, i) =>
        gateway(i).post('/api/v1/auth/signup', { email, password: PASSWORD }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(emails.map(() => 202));
    for (const email of emails) await verificationToken(platform, email);
    await Promise.all(['notify-verification-email', 'accounts-user-registered'].map(drained));

    for (const email of emails) {
      const mails = platform.mail.mails.filter(
        (m) => m.to.includes(email) && /Confirm your email/.test(m.subject),
      );
      expect(mails).toHaveLength(1);
    }
    const deliveries = await db.query<{ recipient: string; event_id: string }>(
      'SELECT recipient, event_id FROM notify.email_deliveries WHERE recipient = ANY($1)',
      [emails],
    );
    expect(deliveries.rows.map((r) => r.recipient).sort()).toEqual([...emails].sort());
    const profiles = await db.query<{ email: string }>(
      'SELECT email FROM accounts.profiles WHERE email = ANY($1)',
      [emails],
    );
    expect(profiles.rows.map((r) => r.email).sort()).toEqual([...emails].sort());

    // One delivery of each event to one replica: a consumer per replica would deliver each twice.
    const eventIds = new Set(deliveries.rows.map((r) => r.event_id));
    const handled = eventsHandled('notify', 'notify-verification-email').filter((l) =>
      eventIds.has(String(l.eventId)),
    );
    expect(handled.map((l) => l.eventId).sort()).toEqual([...eventIds].sort());
    expect(handled.filter((l) => l.duplicate)).toEqual([]);
  });

  it('pushes every notification to an SSE client on either gateway', async () => {
    const alice = await newUser(platform, 'sse');
    const streams = platform.gatewayUrls.map(
      (url) =>
        new SseClient(`${url}/api/v1/events`, { authorization: `Bearer ${alice.accessToken}` }),
    );
    await Promise.all(streams.map((s) => s.open()));
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    await Promise.all(streams.map((s) => s.until((e) => e.some((x) => x.event === 'hello'))));

    for (let i = 0; i < 3; i++) await apiLogin(platform, alice.email, PASSWORD, `sse-${i}`);
    await Promise.all(
      streams.map((s) => s.until((e) => e.filter((x) => x.event === 'notification').length >= 3)),
    );
    await Promise.all(
      streams.map((s) => s.until((e) => e.filter((x) => x.event === 'unread').length >= 3)),
    );
    const pushes = (s: SseClient) =>
      s.events.filter((e) => e.id !== undefined).map((e) => `${e.id} ${e.event}`);
    expect(pushes(streams[1])).toEqual(pushes(streams[0]));
    expect(streams[0].of('notification').map((n) => n.json.kind)).toEqual([
      'security.new_sign_in',
      'security.new_sign_in',
      'security.new_sign_in',
    ]);
    streams.forEach((s) => s.close());
  });

  it('loses and doubles nothing when one replica of accounts and of notify is SIGKILLed under load', async () => {
    const bob = await newUser(platform, 'kill');
    const statuses: number[] = [];
    let stop = false;
    const loop = async (lane: number) => {
      for (let i = lane; !stop; i += 4) statuses.push((await me(bob, i)).status);
    };
    const load = [0, 1, 2, 3].map(loop);
    const answered = (n: number) =>
      waitUntil(async () => statuses.length >= n, {
        timeoutMs: 60_000,
        intervalMs: 20,
        description: `${n} requests answered`,
      });

    await answered(20);
    const signIn = (i: number) => apiLogin(platform, bob.email, PASSWORD, `kill-${i}`);
    const sessions = [await signIn(0), await signIn(1)];
    // The second sign-in's event is on its way to notify as its replica dies.
    const killed = await Promise.all([platform.kill('accounts-2'), platform.kill('notify-2')]);
    expect(killed.map((k) => k.signal)).toEqual(['SIGKILL', 'SIGKILL']);
    const atKill = statuses.length;
    sessions.push(await signIn(2), await signIn(3));
    await answered(atKill + 40);
    stop = true;
    await Promise.all(load);

    // No request lost: every one answered 200 (the gateway resends a read nobody answered).
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    // No event lost or doubled: one notification and one email per sign-in.
    await drained('notify-security-sign-in');
    const notified = await db.query<{ session_id: string; n: string }>(
      `SELECT data->>'sessionId' AS session_id, count(*) AS n FROM notify.notifications
       WHERE user_id = $1 AND kind = 'security.new_sign_in' GROUP BY 1`,
      [bob.userId],
    );
    expect(Object.fromEntries(notified.rows.map((r) => [r.session_id, Number(r.n)]))).toEqual(
      Object.fromEntries(sessions.map((s) => [s.sessionId, 1])),
    );
    // SMTP has no transaction: a replica killed after the server took a mail and before it was
    // marked sent sends it again on redelivery. Such a copy is the same message (Message-ID),
    // which receivers drop; distinct messages must be exactly one per sign-in.
    const mails = platform.mail.mails.filter(
      (m) => m.to.includes(bob.email) && /New sign-in/.test(m.subject),
    );
    const messageIds = new Set(mails.map((m) => String(m.headers.get('message-id'))));
    expect(messageIds.size).toBe(sessions.length);
    for (const id of messageIds) expect(id).toMatch(/^<[0-9a-f-]{36}@test\.local>$/);

    // The killed replicas come back and take requests again.
    await Promise.all([platform.restart('accounts-2'), platform.restart('notify-2')]);
    const before = rpcHandled('accounts-2').length;
    const again = await Promise.all(
      Array.from({ length: 40 }, (_, i) => me(bob, i).then((r) => r.status)),
    );
    expect(again.filter((s) => s !== 200)).toEqual([]);
    expect(rpcHandled('accounts-2').length).toBeGreaterThan(before);
  }, 240_000);
});
