import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  GoogleOAuthStandIn,
  HttpClient,
  HttpResponse,
  Platform,
  startGoogleOAuthStandIn,
  startPlatform,
} from '@strata/testing';
import { apiLogin, signUpVerified, uniqueEmail } from './support/accounts';

const OAUTH_COOKIE = '__Host-strata_oauth';
const CALLBACK_PATH = '/api/v1/auth/google/callback';

interface UserRow {
  id: string;
  google_sub: string | null;
  password_hash: string | null;
  email_verified_at: Date | null;
}

/**
 * Google sign-in through the gateway: passport-google-oauth20 against a stand-in for Google
 * (oauth2-mock-server with single-use codes, PKCE and client checks), state and PKCE in a signed
 * cookie, auth deciding between sign-in, linking and a new account. The browser is an HttpClient
 * with a cookie jar that follows each redirect by hand.
 */
describe('Google sign-in, through the gateway', () => {
  let platform: Platform;
  let google: GoogleOAuthStandIn;
  let db: Client;
  const statuses: Array<{ step: string; status: number }> = [];
  const secrets: string[] = [];
  const remember = (secret: string | undefined | null) => {
    if (secret) secrets.push(secret);
  };

  /** Every response passes through here: no step may answer 5xx. */
  const step = async <T>(name: string, pending: Promise<HttpResponse<T>>) => {
    const res = await pending;
    statuses.push({ step: name, status: res.status });
    expect(res.status).toBeLessThan(500);
    return res;
  };

  beforeAll(async () => {
    google = await startGoogleOAuthStandIn();
    platform = await startPlatform({ serviceEnv: { gateway: google.gatewayEnv } });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
    await google?.stop();
  });

  const userRow = async (email: string): Promise<UserRow | undefined> =>
    (
      await db.query<UserRow>(
        'SELECT id, google_sub, password_hash, email_verified_at FROM auth.users WHERE email = $1',
        [email.toLowerCase()],
      )
    ).rows[0];

  const browser = () =>
    new HttpClient(platform.gatewayUrl, { headers: { 'user-agent': 'GoogleJourney/1.0' } });

  /**
   * GET /api/v1/auth/google, then the browser at Google (the stand-in answers at once, as if the
   * user had chosen the account): returns where Google sends the browser back.
   */
  async function toGoogleAndBack(client: HttpClient) {
    const start = await step('start', client.get('/api/v1/auth/google'));
    expect(start.status).toBe(302);
    expect(start.headers.get('cache-control')).toBe('no-store');
    const authorize = new URL(start.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(google.authorizationUrl);
    const params = authorize.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(google.clientId);
    expect(params.get('redirect_uri')).toBe(`${platform.gatewayUrl}${CALLBACK_PATH}`);
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('code_challenge_method')).toBe('S256');
    const setCookie = start.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(
      new RegExp(
        `${OAUTH_COOKIE}=[^;]+; Max-Age=600; Path=/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax`,
      ),
    );
    remember(params.get('state'));
    remember(client.cookie(OAUTH_COOKIE));

    const atGoogle = await fetch(authorize, { redirect: 'manual' });
    expect(atGoogle.status).toBe(302);
    const back = new URL(atGoogle.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(`${platform.gatewayUrl}${CALLBACK_PATH}`);
    expect(back.searchParams.get('state')).toBe(params.get('state'));
    remember(back.searchParams.get('code'));
    return { callback: `${back.pathname}${back.search}`, state: params.get('state')! };
  }

  /** Runs the whole flow in `client`; returns the callback's answer. */
  async function signInWithGoogle(client: HttpClient) {
    const { callback } = await toGoogleAndBack(client);
    return step('callback', client.get(callback));
  }

  const expectSignedIn = (res: HttpResponse, client: HttpClient) => {
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(client.cookie('__Host-strata_at')).toBeDefined();
    expect(client.cookie('__Host-strata_sid')).toBeDefined();
    expect(client.cookie('__Secure-strata_rt')).toBeDefined();
    // Single use: the callback removed the state cookie.
    expect(client.cookie(OAUTH_COOKIE)).toBeUndefined();
    remember(client.cookie('__Host-strata_at'));
    remember(client.cookie('__Secure-strata_rt'));
  };

  const expectSignInPage = (res: HttpResponse, client: HttpClient, code: string) => {
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?error=${code}`);
    expect(client.cookie('__Host-strata_at')).toBeUndefined();
    expect(client.cookie(OAUTH_COOKIE)).toBeUndefined();
  };

  it('creates an account for a new Google user: email verified, Google id stored, no password', async () => {
    const email = uniqueEmail('google-new');
    const sub = `g-${randomUUID()}`;
    await google.signInAs({ sub, email, emailVerified: true });
    const client = browser();

    const callback = await signInWithGoogle(client);
    expectSignedIn(callback, client);
    const me = await step('me', client.get('/api/v1/me'));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, emailVerified: true });

    const row = await userRow(email);
    expect(row).toMatchObject({ id: me.body.id, google_sub: sub, password_hash: null });
    expect(row!.email_verified_at).toBeInstanceOf(Date);
    // The code was exchanged with the PKCE verifier (the stand-in checks it against the challenge).
    expect((await google.tokenRequests()).at(-1)).toMatchObject({
      grantType: 'authorization_code',
      codeVerifier: true,
      outcome: 'ok',
    });

    // No password was ever set: a password login fails like any wrong password.
    const login = await step(
      'password login',
      new HttpClient(platform.gatewayUrl).post('/api/v1/auth/login', {
        email,
        password: 'any-password-1',
      }),
    );
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('auth.invalid_credentials');

    // Later sign-ins find the account by its Google id, even after the address changed at Google.
    await google.signInAs({ sub, email: uniqueEmail('google-renamed'), emailVerified: true });
    const again = browser();
    expectSignedIn(await signInWithGoogle(again), again);
    const meAgain = await step('me again', again.get('/api/v1/me'));
    expect(meAgain.body).toMatchObject({ id: me.body.id, email });
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM auth.users WHERE google_sub = $1',
      [sub],
    );
    expect(rows[0].n).toBe(1);
  });

  it('lets a Google user set a first password without a current one, and only then', async () => {
    const email = uniqueEmail('google-setpw');
    await google.signInAs({ sub: `g-${randomUUID()}`, email, emailVerified: true });
    const client = browser();
    expectSignedIn(await signInWithGoogle(client), client);
    const csrf = (await step('csrf', client.get('/api/v1/auth/csrf'))).body.csrfToken as string;
    const first = 'first-password-9';
    remember(first);
    const set = await step(
      'set first password',
      client.post(
        '/api/v1/me/password',
        { newPassword: first },
        { headers: { 'x-csrf-token': csrf } },
      ),
    );
    expect(set.status).toBe(200);
    const login = await step(
      'password login',
      new HttpClient(platform.gatewayUrl).post('/api/v1/auth/login', {
        email,
        password: first,
        client: 'api',
      }),
    );
    expect(login.status).toBe(200);

    // Now that a password exists, changing it needs the current one.
    const api = new HttpClient(platform.gatewayUrl).bearer(login.body.accessToken);
    const without = await step(
      'change without current',
      api.post('/api/v1/me/password', { newPassword: 'second-password-9' }),
    );
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('auth.current_password_incorrect');
  });

  it('links an existing password account when Google says the email is verified; both ways work', async () => {
    const email = uniqueEmail('google-link');
    const password = 'link-password-1';
    remember(password);
    await signUpVerified(platform, email, password);
    const before = await userRow(email);
    expect(before!.google_sub).toBeNull();

    const sub = `g-${randomUUID()}`;
    // Google's spelling of the address may differ in case.
    await google.signInAs({ sub, email: email.toUpperCase(), emailVerified: true });
    const client = browser();
    expectSignedIn(await signInWithGoogle(client), client);
    const me = await step('me', client.get('/api/v1/me'));
    expect(me.body).toMatchObject({ id: before!.id, email, emailVerified: true });

    const after = await userRow(email);
    expect(after).toMatchObject({ id: before!.id, google_sub: sub });
    expect(after!.password_hash).toBe(before!.password_hash);
    // The password still works too.
    const session = await apiLogin(platform, email, password);
    remember(session.accessToken);
    remember(session.refreshToken);
  });

  it('refuses to link an existing account when Google has not verified the email (no link, no session)', async () => {
    const email = uniqueEmail('google-unverified');
    const password = 'unverified-password-1';
    remember(password);
    await signUpVerified(platform, email, password);
    const sessionsBefore = await db.query(
      'SELECT count(*)::int AS n FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id WHERE u.email = $1',
      [email],
    );

    await google.signInAs({ sub: `g-${randomUUID()}`, email, emailVerified: false });
    const client = browser();
    const callback = await signInWithGoogle(client);
    expectSignInPage(callback, client, 'auth.google_email_unverified');
    expect((await step('me', client.get('/api/v1/me'))).status).toBe(401);

    expect((await userRow(email))!.google_sub).toBeNull();
    const sessionsAfter = await db.query(
      'SELECT count(*)::int AS n FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id WHERE u.email = $1',
      [email],
    );
    expect(sessionsAfter.rows[0].n).toBe(sessionsBefore.rows[0].n);
    await apiLogin(platform, email, password); // the account itself is untouched

    // Nor does an unverified Google address get a new account.
    const stranger = uniqueEmail('google-unverified-new');
    await google.signInAs({ sub: `g-${randomUUID()}`, email: stranger, emailVerified: false });
    const other = browser();
    expectSignInPage(await signInWithGoogle(other), other, 'auth.google_email_unverified');
    expect(await userRow(stranger)).toBeUndefined();
  });

  it('refuses a state that does not match the browser (login CSRF) without calling Google', async () => {
    await google.signInAs({
      sub: `g-${randomUUID()}`,
      email: uniqueEmail('google-state'),
      emailVerified: true,
    });
    const tokenCalls = (await google.tokenRequests()).length;

    // A tampered state.
    const client = browser();
    const { callback, state } = await toGoogleAndBack(client);
    const tampered = callback.replace(`state=${state}`, `state=${state.slice(0, -4)}AAAA`);
    expect(tampered).not.toBe(callback);
    expectSignInPage(
      await step('tampered callback', client.get(tampered)),
      client,
      'auth.google_state_mismatch',
    );

    // A genuine callback (code and state) in a browser that did not start the flow: an attacker
    // planting their own Google sign-in in the victim's browser.
    const attacker = browser();
    const planted = await toGoogleAndBack(attacker);
    const victim = browser();
    expectSignInPage(
      await step('planted callback', victim.get(planted.callback)),
      victim,
      'auth.google_state_mismatch',
    );

    // A forged state cookie (the signature does not match) is no better.
    const forger = browser();
    const forged = await toGoogleAndBack(forger);
    const cookie = forger.cookie(OAUTH_COOKIE)!;
    const [body] = cookie.split('.');
    const res = await step(
      'forged cookie',
      browser().get(forged.callback, undefined, {
        headers: { cookie: `${OAUTH_COOKIE}=${body}.${'A'.repeat(43)}` },
      }),
    );
    expect(res.headers.get('location')).toBe('/login?error=auth.google_state_mismatch');

    expect((await google.tokenRequests()).length).toBe(tokenCalls);
  });

  it('refuses a replayed authorization code, even with the state cookie replayed too', async () => {
    await google.signInAs({
      sub: `g-${randomUUID()}`,
      email: uniqueEmail('google-replay'),
      emailVerified: true,
    });
    const client = browser();
    const { callback } = await toGoogleAndBack(client);
    const stateCookie = client.cookie(OAUTH_COOKIE)!;
    expectSignedIn(await step('callback', client.get(callback)), client);

    // The same browser: its state cookie is gone, so the state no longer matches.
    const again = await step('replay in the same browser', client.get(callback));
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('/login?error=auth.google_state_mismatch');

    // Someone who captured both the callback URL and the state cookie: Google refuses the code.
    const thief = browser();
    const replayed = await step(
      'replay with the cookie',
      thief.get(callback, undefined, { headers: { cookie: `${OAUTH_COOKIE}=${stateCookie}` } }),
    );
    expectSignInPage(replayed, thief, 'auth.google_failed');
    expect((await google.tokenRequests()).at(-1)).toMatchObject({ outcome: 'invalid_grant' });
  });

  it('ends on the sign-in page when Google answers with an error', async () => {
    await google.signInAs({
      sub: `g-${randomUUID()}`,
      email: uniqueEmail('google-denied'),
      emailVerified: true,
    });
    await google.failAuthorization('access_denied');
    try {
      const client = browser();
      const { callback } = await toGoogleAndBack(client);
      expect(callback).toContain('error=access_denied');
      expect(callback).not.toContain('code=');
      expectSignInPage(
        await step('denied callback', client.get(callback)),
        client,
        'auth.google_denied',
      );
    } finally {
      await google.failAuthorization(undefined);
    }

    const other = browser();
    const { state } = await toGoogleAndBack(other);
    const serverError = await step(
      'server_error callback',
      other.get(`${CALLBACK_PATH}?error=server_error&state=${state}`),
    );
    expectSignInPage(serverError, other, 'auth.google_failed');

    // Neither a code nor an error: not a callback at all.
    const bare = await step('bare callback', browser().get(CALLBACK_PATH));
    expect(bare.headers.get('location')).toBe('/login?error=auth.google_failed');
    // Garbage in every parameter.
    const junk = await step(
      'junk callback',
      browser().get(`${CALLBACK_PATH}?code=%00%ff&state[]=1&state[]=2`),
    );
    expect(junk.headers.get('location')).toBe('/login?error=auth.google_state_mismatch');
  });

  it('answered no step with a 5xx and logged no authorization code, state or token', async () => {
    expect(statuses.length).toBeGreaterThan(30);
    expect(statuses.filter((s) => s.status >= 500)).toEqual([]);
    for (const secret of await google.secretsIssued()) remember(secret);
    expect(secrets.length).toBeGreaterThan(20);
    const logs = platform.logs();
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });

  it('answers 404 gateway.google_disabled when GOOGLE_CLIENT_ID is not set', async () => {
    await platform.restart('gateway', { GOOGLE_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: '' });
    for (const path of ['/api/v1/auth/google', CALLBACK_PATH]) {
      const res = await step('disabled', browser().get(path));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('gateway.google_disabled');
    }
  });
});
