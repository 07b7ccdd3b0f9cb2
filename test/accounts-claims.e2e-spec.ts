import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { Client } from 'pg';
import { RpcClient } from '@strata/messaging';
import { DomainError } from '@strata/errors';
import { encodeMessage, Role, UserDisabledSchema, UserRegisteredSchema } from '@strata/proto';
import { Platform, startPlatform, waitUntil } from '@strata/testing';
import { uniqueEmail } from './support/accounts';

/**
 * accounts.claims.get (what auth signs into tokens) and the registration / disable events, over
 * NATS against a running accounts service: profiles and personal organizations are made once
 * whichever path comes first and however often, the first user is platform admin.
 */
describe('accounts: claims and profiles', () => {
  let platform: Platform;
  let nats: NatsConnection;
  let rpc: RpcClient;
  let db: Client;
  const ADMIN_EMAIL = uniqueEmail('configured-admin');

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['accounts'],
      serviceEnv: {
        accounts: { ADMIN_EMAILS: ` other@example.com , ${ADMIN_EMAIL.toUpperCase()}` },
      },
    });
    nats = await connect({ servers: platform.infrastructure.natsUrl });
    rpc = new RpcClient({ url: platform.infrastructure.natsUrl, name: 'e2e-claims' });
    await rpc.connect();
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await db?.end();
    await nats?.close();
    await platform?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
  const orgsOf = (userId: string) =>
    count('SELECT count(*) AS n FROM accounts.organizations WHERE created_by = $1', [userId]);
  const profilesOf = (userId: string) =>
    count('SELECT count(*) AS n FROM accounts.profiles WHERE user_id = $1', [userId]);

  const publish = async (subject: string, payload: Uint8Array) => {
    const eventId = randomUUID();
    const h = natsHeaders();
    h.set('Strata-Event-Id', eventId);
    await nats.jetstream().publish(subject, payload, { msgID: eventId, headers: h });
  };
  const publishRegistered = (userId: string, email: string) =>
    publish('evt.auth.user.registered', encodeMessage(UserRegisteredSchema, { userId, email }));
  const codeOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: DomainError) => `${error.status} ${error.code}`,
    );

  it('makes the first profile ever a platform admin, and the next ones not', async () => {
    const first = await rpc.request('accounts.claims.get', {
      userId: randomUUID(),
      email: uniqueEmail('first'),
    });
    const second = await rpc.request('accounts.claims.get', {
      userId: randomUUID(),
      email: uniqueEmail('second'),
    });
    expect(first.platformAdmin).toBe(true);
    expect(second.platformAdmin).toBe(false);
    expect(await count('SELECT count(*) AS n FROM accounts.profiles WHERE platform_admin')).toBe(1);
  });

  it('creates the profile and personal organization on the first claims request, with the user as owner', async () => {
    const userId = randomUUID();
    const claims = await rpc.request('accounts.claims.get', {
      userId,
      email: 'Jane.Doe+x@Example.com',
    });
    expect(claims.role).toBe(Role.OWNER);
    expect(claims.username).toMatch(/^jane_doe(-\d+)?$/);
    expect(await orgsOf(userId)).toBe(1);
    const again = await rpc.request('accounts.claims.get', {
      userId,
      email: 'jane.doe+x@example.com',
    });
    expect(again).toEqual(claims);
    expect(await orgsOf(userId)).toBe(1);
  });

  it('creates nothing twice when claims requests race each other and the registration event', async () => {
    const userId = randomUUID();
    const email = uniqueEmail('race');
    const [replies] = await Promise.all([
      Promise.all(
        Array.from({ length: 6 }, () => rpc.request('accounts.claims.get', { userId, email })),
      ),
      publishRegistered(userId, email),
    ]);
    expect(new Set(replies.map((r) => r.orgId)).size).toBe(1);
    expect(new Set(replies.map((r) => r.username)).size).toBe(1);
    await waitUntil(
      async () =>
        (await count(
          "SELECT count(*) AS n FROM accounts.processed_events WHERE consumer = 'accounts-user-registered'",
        )) > 0,
      { timeoutMs: 10_000, description: 'registration event handled' },
    );
    expect(await profilesOf(userId)).toBe(1);
    expect(await orgsOf(userId)).toBe(1);
  });

  it('handles the registration event idempotently: a second event (new id) for the same user creates nothing', async () => {
    const userId = randomUUID();
    const email = uniqueEmail('twice');
    await publishRegistered(userId, email);
    await waitUntil(async () => (await profilesOf(userId)) === 1, {
      timeoutMs: 10_000,
      description: 'profile from the first event',
    });
    const handled = () =>
      count(
        "SELECT count(*) AS n FROM accounts.processed_events WHERE consumer = 'accounts-user-registered'",
      );
    const before = await handled();
    await publishRegistered(userId, email);
    await waitUntil(async () => (await handled()) === before + 1, {
      timeoutMs: 10_000,
      description: 'second event handled',
    });
    expect(await profilesOf(userId)).toBe(1);
    expect(await orgsOf(userId)).toBe(1);
    expect(
      await count('SELECT count(*) AS n FROM accounts.memberships WHERE user_id = $1', [userId]),
    ).toBe(1);
  });

  it('gives a unique generated username to users whose emails share a local part', async () => {
    const names = await Promise.all(
      ['a', 'b', 'c', 'd'].map((domain) =>
        rpc.request('accounts.claims.get', {
          userId: randomUUID(),
          email: `same.name@${domain}.example.com`,
        }),
      ),
    );
    expect(new Set(names.map((n) => n.username)).size).toBe(4);
    for (const { username } of names) expect(username).toMatch(/^same_name(-\d+)?$/);
  });

  it('refuses reserved local parts as generated usernames', async () => {
    const claims = await rpc.request('accounts.claims.get', {
      userId: randomUUID(),
      email: uniqueEmail('x').replace(/^[^@]+/, 'admin'),
    });
    expect(claims.username).toMatch(/^admin-\d+$/);
  });

  it('makes emails in ADMIN_EMAILS platform admins, without regard to case', async () => {
    const claims = await rpc.request('accounts.claims.get', {
      userId: randomUUID(),
      email: ADMIN_EMAIL,
    });
    expect(claims.platformAdmin).toBe(true);
  });

  it('answers 404 accounts.org_not_found for an organization the user is not a member of', async () => {
    const other = await rpc.request('accounts.claims.get', {
      userId: randomUUID(),
      email: uniqueEmail('other'),
    });
    const userId = randomUUID();
    const email = uniqueEmail('outsider');
    const own = await rpc.request('accounts.claims.get', { userId, email });
    expect(
      await codeOf(rpc.request('accounts.claims.get', { userId, email, orgId: other.orgId })),
    ).toBe('404 accounts.org_not_found');
    const withOwn = await rpc.request('accounts.claims.get', { userId, email, orgId: own.orgId });
    expect(withOwn.orgId).toBe(own.orgId);
  });

  it('refuses claims to a user disabled by auth (403 accounts.user_disabled)', async () => {
    const userId = randomUUID();
    const email = uniqueEmail('disabled');
    await rpc.request('accounts.claims.get', { userId, email });
    await publish('evt.auth.user.disabled', encodeMessage(UserDisabledSchema, { userId }));
    await waitUntil(
      async () =>
        (await count(
          'SELECT count(*) AS n FROM accounts.profiles WHERE user_id = $1 AND disabled_at IS NOT NULL',
          [userId],
        )) === 1,
      { timeoutMs: 10_000, description: 'profile disabled' },
    );
    expect(await codeOf(rpc.request('accounts.claims.get', { userId, email }))).toBe(
      '403 accounts.user_disabled',
    );
  });
});
