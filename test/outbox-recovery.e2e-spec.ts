import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { HttpClient, Platform, startPlatform, waitUntil } from '@strata/testing';
import { uniqueEmail } from './support/accounts';

/**
 * The outbox under a crash: a service killed between its database commit and the event's
 * publication publishes the event after it restarts, and consumers see it exactly once.
 */
describe.each([
  ['after its commit and before publishing', 'outbox.before_publish'],
  ['after publishing and before marking the event sent', 'outbox.after_publish'],
])('auth killed %s', (_when, failpoint) => {
  let platform: Platform;
  let nats: NatsConnection;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { auth: { STRATA_FAILPOINTS: failpoint } } });
    nats = await connect({ servers: platform.infrastructure.natsUrl });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await nats?.close();
    await platform?.stop();
  });

  /** Messages of the auth service in the stream (other services add their own events). */
  const streamMessages = async () => {
    const info = await (
      await nats.jetstreamManager()
    ).streams.info('EVENTS', {
      subjects_filter: 'evt.auth.>',
    });
    return Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
  };
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);

  it('publishes the event after the restart, and notify sends one email', async () => {
    const before = await streamMessages();
    const email = uniqueEmail('outbox');
    // The reply may or may not beat the crash; either way the sign-up committed or it did not.
    await new HttpClient(platform.gatewayUrl).post('/api/v1/auth/signup', {
      email,
      password: 'outbox-password-1',
    });
    await platform.waitForLog(
      'auth',
      new RegExp(`failpoint ${failpoint.replace('.', '\\.')} triggered`),
      15_000,
    );
    await platform.waitForLog('auth', /exited/, 15_000);

    expect(await count('SELECT count(*) AS n FROM auth.users WHERE email = $1', [email])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM auth.outbox WHERE published_at IS NULL')).toBe(2);
    const published = (await streamMessages()) - before;
    expect(published).toBe(failpoint === 'outbox.before_publish' ? 0 : 2);

    await platform.restart('auth', { STRATA_FAILPOINTS: '' });
    await platform.mail.waitFor((m) => m.to.includes(email), 15_000);
    await waitForOutboxDrained(count);

    // Exactly once: two events in the stream (registered, verification requested), one email.
    expect((await streamMessages()) - before).toBe(2);
    expect(
      await count('SELECT count(*) AS n FROM notify.email_deliveries WHERE recipient = $1', [
        email,
      ]),
    ).toBe(1);
    // A later sign-up's mail, through the same outbox, relay, consumer and SMTP path, marks that
    // any second mail for the first would have come by now.
    const marker = uniqueEmail('outbox-marker');
    await new HttpClient(platform.gatewayUrl).post('/api/v1/auth/signup', {
      email: marker,
      password: 'outbox-password-1',
    });
    await platform.mail.waitFor((m) => m.to.includes(marker), 15_000);
    expect(platform.mail.mails.filter((m) => m.to.includes(email))).toHaveLength(1);
  });
});

async function waitForOutboxDrained(count: (sql: string) => Promise<number>): Promise<void> {
  await waitUntil(
    async () =>
      (await count('SELECT count(*) AS n FROM auth.outbox WHERE published_at IS NULL')) === 0,
    { timeoutMs: 15_000, description: 'the outbox to be drained after the restart' },
  );
}
