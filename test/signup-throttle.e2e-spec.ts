import { HttpClient, Platform, startPlatform } from '@strata/testing';
import { comparableAnswer as answer, signUpVerified, uniqueEmail } from './support/accounts';
import { snapshotAuthDb } from './support/auth-db-snapshot';

const SIGNUP = '/api/v1/auth/signup';
const LIMIT = 3;
const WINDOW_SECONDS = 600;

/**
 * Sign-ups are limited per client IP (as the gateway sees it: X-Forwarded-For from a trusted
 * proxy, here the test itself on loopback, named in TRUSTED_PROXIES). Known and unknown emails count alike and
 * are refused alike, so the limit tells nothing about which addresses are registered.
 */
describe('sign-up throttling per client IP', () => {
  let platform: Platform;
  const known = uniqueEmail('known');
  const from = (ip: string) =>
    new HttpClient(platform.gatewayUrl, { headers: { 'x-forwarded-for': ip } });
  const signUp = (api: HttpClient, email: string) =>
    api.post(SIGNUP, { email, password: 'signup-password-1' });

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: {
        gateway: { TRUSTED_PROXIES: '127.0.0.1/32' },
        auth: {
          AUTH_SIGNUP_MAX_PER_IP: String(LIMIT),
          AUTH_SIGNUP_WINDOW_SECONDS: String(WINDOW_SECONDS),
        },
      },
    });
    // From 127.0.0.1, which the tests below do not use as their client address.
    await signUpVerified(platform, known, 'known-password-1');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('lets the limit of sign-ups from one IP through, known email or not, then answers 429 with Retry-After and writes nothing', async () => {
    const api = from('203.0.113.7');
    const accepted = [
      await signUp(api, known),
      await signUp(api, uniqueEmail('first')),
      await signUp(api, uniqueEmail('second')),
    ];
    expect(accepted).toHaveLength(LIMIT);
    for (const res of accepted) expect(res.status).toBe(202);

    const before = await snapshotAuthDb(platform.infrastructure.databaseUrl);
    const refusedEmail = uniqueEmail('refused');
    const refused = await signUp(api, refusedEmail);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('auth.too_many_attempts');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(refused.body.retryAfter).toBe(retryAfter);

    // Nothing was written for the refused sign-up: no user, token or outbox row, and no mail.
    expect(await snapshotAuthDb(platform.infrastructure.databaseUrl)).toEqual(before);
    // A later sign-up's mail (from another IP, through the same outbox, consumer and SMTP path)
    // marks that everything before it was mailed: the refused one sent none.
    const marker = uniqueEmail('marker');
    expect((await signUp(from('192.0.2.44'), marker)).status).toBe(202);
    await platform.mail.waitFor((m) => m.to.includes(marker), 30_000);
    expect(platform.mail.mails.filter((m) => m.to.includes(refusedEmail))).toHaveLength(0);
  });

  it('refuses a known and an unknown email from a throttled IP identically', async () => {
    const api = from('203.0.113.7');
    const forKnown = await signUp(api, known);
    const forUnknown = await signUp(api, uniqueEmail('unknown'));
    expect(forKnown.status).toBe(429);
    expect(answer(forUnknown)).toEqual(answer(forKnown));
  });

  it('does not limit another IP', async () => {
    const other = from('198.51.100.23');
    const before = await snapshotAuthDb(platform.infrastructure.databaseUrl);
    const res = await signUp(other, uniqueEmail('elsewhere'));
    expect(res.status).toBe(202);
    const after = await snapshotAuthDb(platform.infrastructure.databaseUrl);
    expect(after.users).toBe(before.users + 1);
    // And the throttled IP is still refused.
    expect((await signUp(from('203.0.113.7'), uniqueEmail('still'))).status).toBe(429);
  });
});
