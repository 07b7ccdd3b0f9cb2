import argon2 from 'argon2';
import { createRemoteJWKSet, decodeProtectedHeader, JSONWebKeySet, jwtVerify } from 'jose';
import { Client } from 'pg';
import { AccessTokenVerifier, JwksCache } from '@strata/authn';
import { HttpClient, Platform, startPlatform, waitUntil } from '@strata/testing';
import {
  apiLogin,
  bearer,
  signUpVerified,
  uniqueEmail,
  verificationToken,
} from './support/accounts';

/**
 * The first slice end to end, through the gateway over HTTP, with auth, notify and the gateway as
 * separate processes on real NATS and PostgreSQL, and mail caught by a real SMTP server.
 */
describe('sign-up to logout, through the gateway', () => {
  let platform: Platform;
  const secrets: string[] = [];
  const remember = <T extends string>(secret: T): T => (secrets.push(secret), secret);

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('signs up, verifies, logs in with cookies, refreshes, lists sessions and logs out', async () => {
    const browser = new HttpClient(platform.gatewayUrl, {
      headers: { 'user-agent': 'Journey/1.0' },
    });
    const email = uniqueEmail('journey');
    const password = remember('journey-password-1');

    const signUp = await browser.post('/api/v1/auth/signup', { email, password });
    expect(signUp.status).toBe(202);

    const early = await browser.post('/api/v1/auth/login', { email, password });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('auth.email_not_verified');

    const token = remember(await verificationToken(platform, email));
    const verified = await browser.post('/api/v1/auth/email/verify', { token });
    expect(verified.status).toBe(200);
    // Single use: the same link cannot verify twice.
    const again = await browser.post('/api/v1/auth/email/verify', { token });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('auth.verification_invalid');

    const login = await browser.post('/api/v1/auth/login', { email, password });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toBeUndefined();
    expect(login.body.accessToken).toBeUndefined();
    const setCookies = login.headers.getSetCookie().join('\n');
    expect(setCookies).toMatch(
      /__Host-strata_at=[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict/,
    );
    expect(setCookies).toMatch(
      /__Secure-strata_rt=[^;]+;.*Path=\/api\/v1\/auth\/token\/refresh;.*HttpOnly; Secure; SameSite=Strict/,
    );
    remember(browser.cookie('__Host-strata_at')!);
    remember(browser.cookie('__Secure-strata_rt')!);
    let csrf = login.body.csrfToken as string;

    const me = await browser.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, emailVerified: true, sessionId: login.body.sessionId });

    // Cookie-authenticated unsafe requests need the CSRF token.
    const noCsrf = await browser.post('/api/v1/auth/token/refresh', {});
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('gateway.csrf_invalid');

    const oldRefresh = browser.cookie('__Secure-strata_rt');
    const refreshed = await browser.post(
      '/api/v1/auth/token/refresh',
      {},
      { headers: { 'x-csrf-token': csrf } },
    );
    expect(refreshed.status).toBe(200);
    expect(browser.cookie('__Secure-strata_rt')).not.toBe(oldRefresh);
    remember(browser.cookie('__Secure-strata_rt')!);
    csrf = refreshed.body.csrfToken;

    const sessions = await browser.get('/api/v1/me/sessions');
    expect(sessions.status).toBe(200);
    expect(sessions.body.items).toHaveLength(1);
    expect(sessions.body.items[0]).toMatchObject({
      current: true,
      userAgent: 'Journey/1.0',
      ip: '127.0.0.1',
    });

    const logout = await browser.post('/api/v1/auth/logout', undefined, {
      headers: { 'x-csrf-token': csrf },
    });
    expect(logout.status).toBe(204);
    expect(browser.cookie('__Host-strata_at')).toBeUndefined();
    expect((await browser.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses an expired verification link', async () => {
    const email = uniqueEmail('expired');
    const api = new HttpClient(platform.gatewayUrl);
    await api.post('/api/v1/auth/signup', { email, password: remember('expired-password-1') });
    const token = remember(await verificationToken(platform, email));
    const db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `UPDATE auth.email_verification_tokens SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM auth.users WHERE email = $1)`,
        [email],
      );
    } finally {
      await db.end();
    }
    const expired = await api.post('/api/v1/auth/email/verify', { token });
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('auth.verification_invalid');
  });

  it('issues access tokens that a service knowing only the JWKS accepts', async () => {
    const email = uniqueEmail('jwks');
    const password = remember('jwks-password-1');
    await signUpVerified(platform, email, password);
    const { accessToken } = await apiLogin(platform, email, password);
    remember(accessToken);

    const header = decodeProtectedHeader(accessToken);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(header.kid).toEqual(expect.any(String));

    // A plain JOSE consumer with nothing but the published key set.
    const jwks = createRemoteJWKSet(new URL('/api/v1/.well-known/jwks.json', platform.gatewayUrl));
    const { payload } = await jwtVerify(accessToken, jwks, {
      issuer: 'strata-test',
      audience: 'strata-api',
    });
    expect(payload).toMatchObject({ email, ev: true });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(900);

    // The platform's own verifier (what every service uses), fed by the same JWKS.
    const verifier = new AccessTokenVerifier({
      issuer: 'strata-test',
      audience: 'strata-api',
      jwks: new JwksCache({
        fetch: async () =>
          (await (
            await fetch(new URL('/api/v1/.well-known/jwks.json', platform.gatewayUrl))
          ).json()) as JSONWebKeySet,
      }),
    });
    await expect(verifier.verify(accessToken)).resolves.toMatchObject({ sub: payload.sub, email });
  });

  it('revokes the whole refresh-token family when a rotated token is reused (ASVS 3.5, RFC 9700 4.14)', async () => {
    const email = uniqueEmail('reuse');
    const password = remember('reuse-password-1');
    await signUpVerified(platform, email, password);
    const first = await apiLogin(platform, email, password);
    remember(first.refreshToken);
    const api = new HttpClient(platform.gatewayUrl);

    const rotated = await api.post('/api/v1/auth/token/refresh', {
      refreshToken: first.refreshToken,
    });
    expect(rotated.status).toBe(200);
    const second = rotated.body.refreshToken as string;
    remember(second);
    expect(second).not.toBe(first.refreshToken);

    const reuse = await api.post('/api/v1/auth/token/refresh', {
      refreshToken: first.refreshToken,
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('auth.refresh_token_reused');

    const afterReuse = await api.post('/api/v1/auth/token/refresh', { refreshToken: second });
    expect(afterReuse.status).toBe(401);
    expect(afterReuse.body.code).toBe('auth.invalid_refresh_token');

    // The family's access token is refused too, as soon as the gateway hears of the revocation.
    await waitUntil(
      async () =>
        (await bearer(platform, rotated.body.accessToken).get('/api/v1/me')).status === 401,
      {
        timeoutMs: 5000,
        description: 'the revoked session to be refused',
      },
    );
  });

  it("signs in with a hash made with the earlier argon2id parameters and upgrades it to today's", async () => {
    const email = uniqueEmail('rehash');
    const password = remember('rehash-password-1');
    await signUpVerified(platform, email, password);
    const earlier = await argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: 47_104,
      timeCost: 1,
      parallelism: 1,
    });
    const db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    const storedHash = async () =>
      (await db.query('SELECT password_hash FROM auth.users WHERE email = $1', [email])).rows[0]
        .password_hash as string;
    try {
      await db.query('UPDATE auth.users SET password_hash = $1 WHERE email = $2', [earlier, email]);
      const api = new HttpClient(platform.gatewayUrl);
      const wrong = await api.post('/api/v1/auth/login', {
        email,
        password: 'not-it',
        client: 'api',
      });
      expect(wrong.status).toBe(401);
      expect(await storedHash()).toBe(earlier);

      remember((await apiLogin(platform, email, password)).refreshToken);
      const upgraded = await storedHash();
      expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
      await expect(argon2.verify(upgraded, password)).resolves.toBe(true);

      remember((await apiLogin(platform, email, password)).refreshToken);
      expect(await storedHash()).toBe(upgraded);
    } finally {
      await db.end();
    }
  });

  it('revokes other sessions on a password change, and only the new password signs in (ASVS 6.2.3)', async () => {
    const email = uniqueEmail('pwchange');
    const oldPassword = remember('old-password-1');
    const newPassword = remember('new-password-22');
    await signUpVerified(platform, email, oldPassword);
    const laptop = await apiLogin(platform, email, oldPassword, 'laptop');
    const phone = await apiLogin(platform, email, oldPassword, 'phone');
    remember(laptop.refreshToken);
    remember(phone.refreshToken);

    const wrong = await bearer(platform, laptop.accessToken).post('/api/v1/me/password', {
      currentPassword: 'not-the-password',
      newPassword,
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('auth.current_password_incorrect');

    const same = await bearer(platform, laptop.accessToken).post('/api/v1/me/password', {
      currentPassword: oldPassword,
      newPassword: oldPassword,
    });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('auth.password_unchanged');

    const changed = await bearer(platform, laptop.accessToken).post('/api/v1/me/password', {
      currentPassword: oldPassword,
      newPassword,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.accessToken).toEqual(expect.any(String));
    remember(changed.body.refreshToken);

    const api = new HttpClient(platform.gatewayUrl);
    const phoneRefresh = await api.post('/api/v1/auth/token/refresh', {
      refreshToken: phone.refreshToken,
    });
    expect(phoneRefresh.status).toBe(401);
    await waitUntil(
      async () => (await bearer(platform, phone.accessToken).get('/api/v1/me')).status === 401,
      {
        timeoutMs: 5000,
        description: 'the revoked session to be refused',
      },
    );

    const fresh = await bearer(platform, changed.body.accessToken).get('/api/v1/me/sessions');
    expect(fresh.status).toBe(200);
    expect(fresh.body.items).toHaveLength(1);

    const withOld = await api.post('/api/v1/auth/login', {
      email,
      password: oldPassword,
      client: 'api',
    });
    expect(withOld.status).toBe(401);
    const withNew = await api.post('/api/v1/auth/login', {
      email,
      password: newPassword,
      client: 'api',
    });
    expect(withNew.status).toBe(200);
  });

  it('lists sessions with device and IP, and revokes one or all others', async () => {
    const email = uniqueEmail('sessions');
    const password = remember('sessions-password-1');
    await signUpVerified(platform, email, password);
    const a = await apiLogin(platform, email, password, 'device-a');
    const b = await apiLogin(platform, email, password, 'device-b');
    const c = await apiLogin(platform, email, password, 'device-c');

    const listed = await bearer(platform, a.accessToken).get('/api/v1/me/sessions');
    expect(listed.body.items.map((s: { userAgent: string }) => s.userAgent).sort()).toEqual([
      'device-a',
      'device-b',
      'device-c',
    ]);
    expect(listed.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const one = await bearer(platform, a.accessToken).delete(`/api/v1/me/sessions/${b.sessionId}`);
    expect(one.status).toBe(204);
    const missing = await bearer(platform, a.accessToken).delete(
      `/api/v1/me/sessions/${b.sessionId}`,
    );
    expect(missing.status).toBe(404);

    const others = await bearer(platform, a.accessToken).delete('/api/v1/me/sessions');
    expect(others.status).toBe(200);
    expect(others.body.revokedCount).toBe(1);
    const api = new HttpClient(platform.gatewayUrl);
    expect(
      (await api.post('/api/v1/auth/token/refresh', { refreshToken: c.refreshToken })).status,
    ).toBe(401);
    expect(
      (await api.post('/api/v1/auth/token/refresh', { refreshToken: a.refreshToken })).status,
    ).toBe(200);
  });

  it('carries one trace from the gateway into the auth service', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const api = new HttpClient(platform.gatewayUrl, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    const signUp = await api.post('/api/v1/auth/signup', {
      email: uniqueEmail('trace'),
      password: 'trace-password-1',
    });
    expect(signUp.status).toBe(202);
    await platform.waitForLog('gateway', new RegExp(traceId), 5000);
    await platform.waitForLog('auth', new RegExp(`"traceId":"${traceId}".*user registered`), 5000);
  });

  it('keeps every password, token and verification secret out of the logs', () => {
    const logs = platform.logs();
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
