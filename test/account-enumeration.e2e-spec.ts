import { HttpClient, HttpResponse, Platform, startPlatform, waitUntil } from '@strata/testing';
import { comparableAnswer as answer, signUpVerified, uniqueEmail } from './support/accounts';
import { median, timed } from './support/timing';

describe('answers that do not tell whether an email is registered (ASVS 6.3.8)', () => {
  let platform: Platform;
  let api: HttpClient;
  const known = uniqueEmail('known');
  const password = 'known-password-1';

  beforeAll(async () => {
    platform = await startPlatform({
      // Enumeration checks repeat logins and sign-ups from one IP; the limits are tested separately.
      // One hash at a time and one waiting: the sequential checks never notice, a burst does.
      serviceEnv: {
        auth: {
          AUTH_LOGIN_MAX_FAILURES_PER_IP: '1000',
          AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
          AUTH_SIGNUP_MAX_PER_IP: '1000',
          // The timed sign-ups of a known address count against its verification-mail limit.
          AUTH_RESEND_MAX_PER_HOUR: '1000',
          AUTH_HASH_CONCURRENCY: '1',
          AUTH_HASH_QUEUE: '1',
        },
      },
    });
    api = new HttpClient(platform.gatewayUrl);
    await signUpVerified(platform, known, password);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers sign-up identically for a known and an unknown email', async () => {
    // Medians of alternating tries: one pair alone measured whatever else the machine was doing
    // at that moment (a CI run saw 6.9x with both paths hashing).
    const knownMs: number[] = [];
    const newMs: number[] = [];
    let forKnown: HttpResponse | undefined;
    let forNew: HttpResponse | undefined;
    for (let i = 0; i < 5; i++) {
      let ms: number;
      [forKnown, ms] = await timed(() =>
        api.post('/api/v1/auth/signup', { email: known, password: 'another-pass-1' }),
      );
      knownMs.push(ms);
      [forNew, ms] = await timed(() =>
        api.post('/api/v1/auth/signup', { email: uniqueEmail('new'), password: 'another-pass-1' }),
      );
      newMs.push(ms);
    }
    expect(answer(forKnown!)).toEqual(answer(forNew!));
    expect(forKnown!.status).toBe(202);
    // Both paths hash the password; neither is an order of magnitude faster.
    const ratio = median(knownMs) / median(newMs);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(5);
  });

  it('answers a failed login identically for a wrong password and an unknown email, in about the same time', async () => {
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    let lastWrong: HttpResponse | undefined;
    let lastUnknown: HttpResponse | undefined;
    for (let i = 0; i < 5; i++) {
      const [a, aMs] = await timed(() =>
        api.post('/api/v1/auth/login', { email: known, password: `wrong-${i}-password` }),
      );
      const [b, bMs] = await timed(() =>
        api.post('/api/v1/auth/login', {
          email: uniqueEmail('ghost'),
          password: `wrong-${i}-password`,
        }),
      );
      wrongPassword.push(aMs);
      unknownEmail.push(bMs);
      lastWrong = a;
      lastUnknown = b;
    }
    expect(answer(lastWrong!)).toEqual(answer(lastUnknown!));
    expect(lastWrong!.status).toBe(401);
    expect(lastWrong!.body.code).toBe('auth.invalid_credentials');
    // An unknown email still pays for one argon2id verification: the medians stay comparable.
    const ratio = median(wrongPassword) / median(unknownEmail);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it('answers a burst of logins beyond the hashing queue 503 auth.busy with Retry-After, never 500', async () => {
    // Its own client: the sessions it opens must not follow the other checks.
    const client = new HttpClient(platform.gatewayUrl);
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.post('/api/v1/auth/login', {
          email: i % 2 ? known : uniqueEmail('burst'),
          password: i % 4 === 1 ? password : `burst-${i}-password`,
        }),
      ),
    );
    const statuses = burst.map((response) => response.status);
    expect(statuses.every((status) => [200, 401, 503].includes(status))).toBe(true);
    const refused = burst.filter((response) => response.status === 503);
    // One verification runs and one waits: most of a burst of ten is refused at once.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(burst.length);
    for (const response of refused) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('auth.busy');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The gate frees its slots: once the burst is over a login goes through (a fresh client:
    // a session cookie from the burst would make this a CSRF-checked request).
    const after = await new HttpClient(platform.gatewayUrl).post('/api/v1/auth/login', {
      email: known,
      password,
    });
    expect(after.status).toBe(200);
  });

  it('answers resend identically for a known, a verified and an unknown email', async () => {
    const unverified = uniqueEmail('unverified');
    await api.post('/api/v1/auth/signup', { email: unverified, password: 'unverified-pass-1' });
    const answers = await Promise.all(
      [known, unverified, uniqueEmail('nobody')].map((email) =>
        api.post('/api/v1/auth/email/resend', { email }),
      ),
    );
    expect(answers[0].status).toBe(202);
    expect(answer(answers[1])).toEqual(answer(answers[0]));
    expect(answer(answers[2])).toEqual(answer(answers[0]));
  });
});

describe('verification resend limit', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { auth: { AUTH_RESEND_MAX_PER_HOUR: '2' } } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers 429 past the hourly limit, for a known and an unknown address alike', async () => {
    const api = new HttpClient(platform.gatewayUrl);
    const pending = uniqueEmail('pending');
    await api.post('/api/v1/auth/signup', { email: pending, password: 'pending-password-1' });
    const unknown = uniqueEmail('unknown');
    // The sign-up counted against the pending address's limit like a resend; the unknown
    // address has had no sign-up, so it gets one resend more.
    for (const [email, resends] of [
      [pending, 1],
      [unknown, 2],
    ] as const) {
      for (let i = 0; i < resends; i++) {
        expect((await api.post('/api/v1/auth/email/resend', { email })).status).toBe(202);
      }
    }
    const [overKnown, overUnknown] = await Promise.all(
      [pending, unknown].map((email) => api.post('/api/v1/auth/email/resend', { email })),
    );
    expect(overKnown.status).toBe(429);
    expect(overKnown.body.code).toBe('auth.too_many_attempts');
    expect(Number(overKnown.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answer(overUnknown).status).toBe(429);
    expect(answer(overUnknown).body.code).toEqual(answer(overKnown).body.code);
    // One mail at sign-up plus one resend: the refused resend sent nothing. A later sign-up's
    // mail comes through the same outbox and consumer in order: once it is here, a mail of the
    // refused resend would be too.
    const mailsTo = (email: string) => platform.mail.mails.filter((m) => m.to.includes(email));
    await waitUntil(async () => mailsTo(pending).length >= 2, {
      timeoutMs: 10_000,
      description: 'the sign-up and resend mails',
    });
    const later = uniqueEmail('later');
    await api.post('/api/v1/auth/signup', { email: later, password: 'later-password-1' });
    await platform.mail.waitFor((m) => m.to.includes(later));
    expect(mailsTo(pending)).toHaveLength(2);
  });
});

describe('failed-login throttling (ASVS 6.3.1)', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: {
        auth: { AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', AUTH_LOGIN_MAX_FAILURES_PER_IP: '6' },
      },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers 429 with Retry-After once an account has too many failures, even with the right password', async () => {
    const email = uniqueEmail('throttled');
    await signUpVerified(platform, email, 'right-password-1');
    const api = new HttpClient(platform.gatewayUrl);
    for (let i = 0; i < 3; i++) {
      expect(
        (await api.post('/api/v1/auth/login', { email, password: 'wrong-password' })).status,
      ).toBe(401);
    }
    const blocked = await api.post('/api/v1/auth/login', { email, password: 'right-password-1' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(blocked.body.code).toBe('auth.too_many_attempts');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('throttles an IP that tries many accounts', async () => {
    const api = new HttpClient(platform.gatewayUrl);
    // Three failures were already counted for this IP above; three more reach the limit of six.
    for (let i = 0; i < 3; i++) {
      await api.post('/api/v1/auth/login', {
        email: uniqueEmail('spray'),
        password: 'spray-password',
      });
    }
    const next = await api.post('/api/v1/auth/login', {
      email: uniqueEmail('spray'),
      password: 'spray-password',
    });
    expect(next.status).toBe(429);
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
