import { connect, NatsConnection } from 'nats';
import {
  createTestDatabase,
  HttpClient,
  HttpResponse,
  Platform,
  startPlatform,
  TestDatabase,
  waitUntil,
} from '@strata/testing';
import { apiLogin, bearer, signUpVerified, uniqueEmail } from './support/accounts';
import { StoppableNats } from './support/stoppable-nats';

/**
 * Faults (issue 13, items 15-17): a service that stops answering or dies, NATS going away, and
 * a consumer that dies holding events. Each answer is a 503 with Retry-After, as soon as the
 * platform can know, and events come back well before the old 30 s ack wait.
 */
const READ_DEADLINE_MS = 3_000;
// Far beyond the old fixed 10 s: an answer before that bound did not wait for a deadline.
const WRITE_DEADLINE_MS = 30_000;
const SLOW_DEADLINE_MS = 60_000;
const OLD_RPC_TIMEOUT_MS = 10_000;
const OLD_ACK_WAIT_MS = 30_000;
const VERIFICATION_CONSUMER = 'notify-verification-email';
const PASSWORD = 'faults-password-1';

const expectUnavailable = (res: HttpResponse) => {
  expect({ status: res.status, code: res.body?.code }).toEqual({
    status: 503,
    code: 'platform.service_unavailable',
  });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
};

describe('faults', () => {
  const nats = new StoppableNats();
  let database: TestDatabase;
  let platform: Platform;
  let observer: NatsConnection;
  let user: HttpClient;
  const email = uniqueEmail('faults');

  beforeAll(async () => {
    await nats.start();
    database = await createTestDatabase();
    platform = await startPlatform({
      infrastructure: {
        databaseUrl: database.databaseUrl,
        natsUrl: nats.natsUrl,
        mode: 'local',
        privateNats: true,
        stop: async () => undefined,
      },
      env: {
        RPC_DEADLINE_READ_MS: String(READ_DEADLINE_MS),
        RPC_DEADLINE_MS: String(WRITE_DEADLINE_MS),
        RPC_DEADLINE_SLOW_MS: String(SLOW_DEADLINE_MS),
      },
    });
    await signUpVerified(platform, email, PASSWORD);
    user = bearer(platform, (await apiLogin(platform, email, PASSWORD)).accessToken);
    expect((await user.get('/api/v1/me/sessions')).status).toBe(200);
  });

  afterAll(async () => {
    await observer?.close();
    await platform?.stop();
    await nats.stop();
    await database?.drop();
  });

  it('gives a read a short deadline and a login a long one (item 16)', async () => {
    // auth stops answering but stays subscribed (as a hung process would).
    void platform.kill('auth', 'SIGSTOP');
    let loginSettled = false;
    const login = new HttpClient(platform.gatewayUrl)
      .post('/api/v1/auth/login', { email, password: PASSWORD, client: 'api' })
      .finally(() => (loginSettled = true));
    try {
      const read = await user.get('/api/v1/me/sessions');
      expectUnavailable(read);
      expect(read.body.detail).toBe(
        `No answer to auth.session.list within ${READ_DEADLINE_MS} ms.`,
      );
      // The login (argon2id) has the long deadline: it is still waiting.
      expect(loginSettled).toBe(false);
    } finally {
      void platform.kill('auth', 'SIGCONT');
    }
    expect((await login).status).toBe(200);
  });

  it('answers 503 at once when no instance of a service is running (NATS no responders) (item 16)', async () => {
    await platform.kill('auth');
    // A write (30 s deadline here) answered before the old 10 s timeout did not wait for either.
    const res = await new HttpClient(platform.gatewayUrl).raw('/api/v1/auth/email/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
      signal: AbortSignal.timeout(OLD_RPC_TIMEOUT_MS),
    });
    expectUnavailable(res);
    expect(res.body.detail).toBe('No service is running that answers auth.email.resend.');
    await platform.restart('auth');
  });

  it('delivers the events a killed consumer had pulled again well before the old 30 s ack wait (item 17)', async () => {
    observer = await connect({ servers: nats.natsUrl });
    const jsm = await observer.jetstreamManager();
    const consumer = await jsm.consumers.info('EVENTS', VERIFICATION_CONSUMER);
    expect(consumer.config.ack_wait).toBe(10_000_000_000);
    expect(consumer.config.ack_wait).toBeLessThan(OLD_ACK_WAIT_MS * 1_000_000);

    // notify dies with the verification event delivered to it and not acknowledged.
    await platform.restart('notify', {
      STRATA_FAILPOINTS: `consumer.${VERIFICATION_CONSUMER}.before_handle`,
    });
    const late = uniqueEmail('late');
    const signedUpAt = Date.now();
    const signUp = await new HttpClient(platform.gatewayUrl).post('/api/v1/auth/signup', {
      email: late,
      password: PASSWORD,
    });
    expect(signUp.status).toBe(202);
    await platform.waitForLog('notify', /failpoint consumer\.notify-verification-email/, 15_000);
    await platform.waitForLog('notify', /exited/, 15_000);
    await platform.restart('notify', { STRATA_FAILPOINTS: '' });

    // The event was delivered (to the dead process) after the sign-up: under a 30 s ack wait it
    // could not come back before signedUpAt + 30 s. The bound leaves a margin below that.
    const bound = signedUpAt + OLD_ACK_WAIT_MS - 5_000;
    const mail = await platform.mail.waitFor(
      (m) => m.to.includes(late) && /Confirm your email/.test(m.subject),
      Math.max(1, bound - Date.now()),
    );
    expect(mail.to).toContain(late);
  });

  it('answers 503 with Retry-After while NATS is down, /readyz says not ready, and all recovers (item 15)', async () => {
    await observer.close();
    await nats.kill();
    try {
      const res = await user.get('/api/v1/me/sessions');
      expectUnavailable(res);
      expect(res.body.detail).toMatch(/message bus is unreachable/);
      const ready = await fetch(`${platform.serviceUrl('gateway')}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { code: string }).code).toBe('gateway.unavailable');
    } finally {
      await nats.start();
    }
    await waitUntil(
      async () => (await fetch(`${platform.serviceUrl('gateway')}/readyz`)).status === 200,
      { timeoutMs: 20_000, description: 'the gateway ready again' },
    );
    await waitUntil(async () => (await user.get('/api/v1/me/sessions')).status === 200, {
      timeoutMs: 20_000,
      description: 'requests answered again',
    });
  });
});
