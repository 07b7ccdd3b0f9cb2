import { createHash, randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders } from 'nats';
import { Client } from 'pg';
import {
  GoogleOAuthStandIn,
  HttpClient,
  HttpResponse,
  Platform,
  startGoogleOAuthStandIn,
  startPlatform,
  waitUntil,
} from '@strata/testing';
import {
  apiLogin,
  bearer,
  comparableAnswer as answer,
  signUpVerified,
  uniqueEmail,
} from './support/accounts';
import { median, timed } from './support/timing';
import { claimsOf, joinOrg, newUser, ownerOfNewOrg, PASSWORD } from './support/orgs';

const RESET_REQUEST = '/api/v1/auth/password/reset-request';
const RESET = '/api/v1/auth/password/reset';
const PER_ACCOUNT = 7;
const PER_IP = 80;

/**
 * The account's life beyond sign-up: forgotten password, deleting the account, and who becomes a
 * platform admin. One platform (not production) with a Google stand-in; a second one whose
 * accounts service runs with NODE_ENV=production for the first-admin rules there.
 */
describe('account lifecycle', () => {
  let platform: Platform;
  let google: GoogleOAuthStandIn;
  let db: Client;
  const api = () => new HttpClient(platform.gatewayUrl);
  const firstUser = uniqueEmail('first-user');
  const seenTokens = new Set<string>();

  beforeAll(async () => {
    google = await startGoogleOAuthStandIn();
    platform = await startPlatform({
      serviceEnv: {
        gateway: google.gatewayEnv,
        auth: {
          AUTH_PASSWORD_RESET_MAX_PER_ACCOUNT: String(PER_ACCOUNT),
          AUTH_PASSWORD_RESET_MAX_PER_IP: String(PER_IP),
          AUTH_LOGIN_MAX_FAILURES_PER_IP: '1000',
        },
      },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    // Before anyone else: the first user of this (non-production) install.
    await signUpVerified(platform, firstUser, PASSWORD);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
    await google?.stop();
  });

  const count = async (sql: string, params: unknown[]) =>
    (await db.query<{ n: number }>(sql, params)).rows[0].n;

  /** The token of the newest reset mail to `email` not seen before. */
  async function resetToken(email: string): Promise<string> {
    const mail = await platform.mail.waitFor((m) => {
      if (!m.to.includes(email) || !/Reset your Strata password/.test(m.subject)) return false;
      const token = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1];
      return token !== undefined && !seenTokens.has(token);
    });
    const link = /(https?:\/\/\S+)\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)!;
    expect(link[1]).toBe(platform.gatewayUrl);
    expect(mail.text).toMatch(/expires in 30 minutes/);
    seenTokens.add(link[2]);
    return link[2];
  }

  /** Through Google (the stand-in), from `start` (sign-in or re-authentication) to the callback. */
  async function viaGoogle(browser: HttpClient, start: string) {
    const started = await browser.get(start);
    expect(started.status).toBe(302);
    const authorize = new URL(started.headers.get('location')!);
    const atGoogle = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(atGoogle.headers.get('location')!);
    const callback = await browser.get(`${back.pathname}${back.search}`);
    return { authorize, landing: callback.headers.get('location') };
  }

  /** A browser signed in with Google as a new, Google-only account. */
  async function googleSignIn(email: string, sub: string) {
    await google.signInAs({ sub, email, emailVerified: true });
    const browser = new HttpClient(platform.gatewayUrl);
    expect((await viaGoogle(browser, '/api/v1/auth/google')).landing).toBe('/');
    return browser;
  }

  it('makes the first user of an install outside production a platform admin', async () => {
    expect(claimsOf((await apiLogin(platform, firstUser, PASSWORD)).accessToken).adm).toBe(true);
    const second = await newUser(platform, 'second-user');
    expect(claimsOf(second.accessToken).adm).toBe(false);
  });

  it('resets a forgotten password: the link works once, every session ends, only the new password signs in (ASVS 6.4)', async () => {
    const email = uniqueEmail('forgetful');
    await signUpVerified(platform, email, 'old-password-1');
    const phone = await apiLogin(platform, email, 'old-password-1', 'phone');
    const laptop = await apiLogin(platform, email, 'old-password-1', 'laptop');

    const requested = await api().post(RESET_REQUEST, { email: email.toUpperCase() });
    expect(requested.status).toBe(202);
    const token = await resetToken(email);
    // Stored only as a digest.
    const stored = (value: string) =>
      count('SELECT count(*)::int AS n FROM auth.password_reset_tokens WHERE token_hash = $1', [
        value,
      ]);
    expect(await stored(createHash('sha256').update(token).digest('hex'))).toBe(1);
    expect(await stored(token)).toBe(0);

    const tooShort = await api().post(RESET, { token, password: 'short' });
    expect(tooShort.status).toBe(422);
    const reset = await api().post(RESET, { token, password: 'new-password-1' });
    expect(reset.status).toBe(200);

    for (const session of [phone, laptop]) {
      await waitUntil(
        async () => (await bearer(platform, session.accessToken).get('/api/v1/me')).status === 401,
        { timeoutMs: 5000, description: 'the old access token to be refused' },
      );
      const refresh = await api().post('/api/v1/auth/token/refresh', {
        refreshToken: session.refreshToken,
      });
      expect(refresh.status).toBe(401);
    }
    const old = await api().post('/api/v1/auth/login', { email, password: 'old-password-1' });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('auth.invalid_credentials');
    await apiLogin(platform, email, 'new-password-1');

    const again = await api().post(RESET, { token, password: 'third-password-1' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('auth.reset_token_invalid');
    const unknown = await api().post(RESET, {
      token: 'A'.repeat(43),
      password: 'third-password-1',
    });
    expect(answer(unknown)).toEqual(answer(again));

    // An expired link answers the same; nothing changes.
    await api().post(RESET_REQUEST, { email });
    const late = await resetToken(email);
    await db.query(
      `UPDATE auth.password_reset_tokens SET expires_at = now() - interval '1 second'
       WHERE used_at IS NULL AND user_id = (SELECT id FROM auth.users WHERE email = $1)`,
      [email],
    );
    const expired = await api().post(RESET, { token: late, password: 'third-password-1' });
    expect(answer(expired)).toEqual(answer(again));
    await apiLogin(platform, email, 'new-password-1');

    // Secrets never reach a log.
    const logs = platform.logs();
    for (const secret of [token, late, 'new-password-1']) expect(logs).not.toContain(secret);
  });

  it('lets a Google-only account set a first password through a reset link', async () => {
    const email = uniqueEmail('google-only');
    await googleSignIn(email, `g-${randomUUID()}`);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM auth.users WHERE email = $1 AND password_hash IS NULL',
        [email],
      ),
    ).toBe(1);

    expect((await api().post(RESET_REQUEST, { email })).status).toBe(202);
    const reset = await api().post(RESET, {
      token: await resetToken(email),
      password: 'first-password-1',
    });
    expect(reset.status).toBe(200);
    await apiLogin(platform, email, 'first-password-1');
  });

  it('answers a reset request identically, in about the same time, for a known and an unknown email (ASVS 6.3.8)', async () => {
    const known = uniqueEmail('reset-known');
    await signUpVerified(platform, known, PASSWORD);
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    let lastKnown: HttpResponse | undefined;
    let lastUnknown: HttpResponse | undefined;
    for (let i = 0; i < 5; i++) {
      const [a, aMs] = await timed(() => api().post(RESET_REQUEST, { email: known }));
      const [b, bMs] = await timed(() =>
        api().post(RESET_REQUEST, { email: uniqueEmail('reset-ghost') }),
      );
      knownMs.push(aMs);
      unknownMs.push(bMs);
      lastKnown = a;
      lastUnknown = b;
    }
    expect(lastKnown!.status).toBe(202);
    expect(answer(lastUnknown!)).toEqual(answer(lastKnown!));
    const ratio = median(knownMs) / median(unknownMs);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it('limits reset requests per account with the same 429 for a known and an unknown email', async () => {
    const known = uniqueEmail('reset-limit-known');
    await signUpVerified(platform, known, PASSWORD);
    const ghost = uniqueEmail('reset-limit-ghost');
    for (let i = 0; i < PER_ACCOUNT; i++) {
      const [a, b] = await Promise.all(
        [known, ghost].map((email) => api().post(RESET_REQUEST, { email })),
      );
      expect([a.status, b.status]).toEqual([202, 202]);
    }
    const [overKnown, overGhost] = await Promise.all(
      [known, ghost].map((email) => api().post(RESET_REQUEST, { email })),
    );
    expect(overKnown.status).toBe(429);
    expect(overKnown.body.code).toBe('auth.too_many_attempts');
    expectSameRefusal(overKnown, overGhost);
    // The refused request made no link: one per accepted request.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM auth.password_reset_tokens
         WHERE user_id = (SELECT id FROM auth.users WHERE email = $1)`,
        [known],
      ),
    ).toBe(PER_ACCOUNT);
  });

  it('deletes an account with its password: refused while the last owner of a shared organization, then everything about the user is gone', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'deleter');
    const member = await newUser(platform, 'leaver');
    await joinOrg(platform, owner, orgId, member, 'member');
    const personalOrg = (
      await db.query<{ org_id: string }>(
        `SELECT m.org_id FROM accounts.memberships m JOIN accounts.organizations o ON o.id = m.org_id
         WHERE m.user_id = $1 AND o.personal`,
        [member.userId],
      )
    ).rows[0].org_id;

    const wrong = await owner.api.post('/api/v1/me/delete', { password: 'not-the-password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('auth.current_password_incorrect');
    const lastOwner = await owner.api.post('/api/v1/me/delete', { password: PASSWORD });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.code).toBe('accounts.last_owner');
    expect(lastOwner.body.detail).toContain('"deleter team", which others still use');
    await apiLogin(platform, owner.email, PASSWORD);

    const second = await apiLogin(platform, member.email, PASSWORD);
    const deleted = await member.api.post('/api/v1/me/delete', { password: PASSWORD });
    expect(deleted.status).toBe(204);
    for (const token of [member.accessToken, second.accessToken]) {
      await waitUntil(
        async () => (await bearer(platform, token).get('/api/v1/me')).status === 401,
        { timeoutMs: 5000, description: "the deleted user's access tokens to be refused" },
      );
    }
    const refresh = await api().post('/api/v1/auth/token/refresh', {
      refreshToken: second.refreshToken,
    });
    expect(refresh.status).toBe(401);

    const id = [member.userId];
    const gone = async () => {
      const checks: Array<[string, unknown[]]> = [
        ['SELECT count(*)::int AS n FROM auth.users WHERE id = $1', id],
        ['SELECT count(*)::int AS n FROM auth.sessions WHERE user_id = $1', id],
        ['SELECT count(*)::int AS n FROM accounts.profiles WHERE user_id = $1', id],
        ['SELECT count(*)::int AS n FROM accounts.memberships WHERE user_id = $1', id],
        ['SELECT count(*)::int AS n FROM accounts.organizations WHERE id = $1', [personalOrg]],
        ['SELECT count(*)::int AS n FROM notify.notifications WHERE user_id = $1', id],
        ['SELECT count(*)::int AS n FROM notify.email_deliveries WHERE user_id = $1', id],
        ['SELECT count(*)::int AS n FROM notify.user_streams WHERE user_id = $1', id],
        ['SELECT count(*)::int AS n FROM notify.first_sessions WHERE user_id = $1', id],
      ];
      const counts: number[] = [];
      for (const [sql, params] of checks) counts.push(await count(sql, params));
      return counts;
    };
    await waitUntil(async () => (await gone()).every((n) => n === 0), {
      timeoutMs: 10_000,
      description: 'identity, sessions, profile, memberships, personal org and notifications gone',
    });
    // The audit log keeps the user as an id (a tombstone), never their email: the invitation
    // they accepted is still there, without the address. (member.left comes from the erasure's
    // own transaction, after the invitation's events on the same stream.)
    type Entry = {
      action: string;
      actor: { userId: string } | null;
      resource: { type: string; id: string; name: string | null };
      details: Record<string, unknown>;
    };
    const log = await waitUntil(
      async () => {
        const items = (await owner.api.get(`/api/v1/orgs/${orgId}/audit-log?limit=100`)).body
          .items as Entry[];
        return items.some((e) => e.action === 'member.left' && e.resource.id === member.userId)
          ? items
          : undefined;
      },
      { timeoutMs: 10_000, description: "the member's leaving in the audit log" },
    );
    const accepted = log.find(
      (e) => e.action === 'invitation.accepted' && e.actor?.userId === member.userId,
    );
    expect(accepted).toMatchObject({ resource: { type: 'invitation', name: null } });
    const invited = log.find(
      (e) => e.resource.id === accepted!.resource.id && e.action === 'invitation.created',
    );
    expect(invited).toMatchObject({ resource: { name: null }, details: { role: 'member' } });
    expect(JSON.stringify(log)).not.toContain(member.email);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM accounts.audit_entries
          WHERE resource_name = $1 OR strpos(details::text, $1) > 0`,
        [member.email],
      ),
    ).toBe(0);

    // The shared organization stays, with its owner.
    expect(
      await count('SELECT count(*)::int AS n FROM accounts.memberships WHERE org_id = $1', [orgId]),
    ).toBe(1);

    // The address is free again: a new account, a new id.
    await signUpVerified(platform, member.email, 'brand-new-password-1');
    const reborn = await apiLogin(platform, member.email, 'brand-new-password-1');
    expect(claimsOf(reborn.accessToken).sub).not.toBe(member.userId);

    // Now the owner is alone in the organization: it goes with the account.
    const ownerSession = await apiLogin(platform, owner.email, PASSWORD);
    const ownerDeleted = await bearer(platform, ownerSession.accessToken).post(
      '/api/v1/me/delete',
      { password: PASSWORD },
    );
    expect(ownerDeleted.status).toBe(204);
    await waitUntil(
      async () =>
        (await count('SELECT count(*)::int AS n FROM accounts.organizations WHERE id = $1', [
          orgId,
        ])) === 0,
      { timeoutMs: 10_000, description: "the owner's organization to be erased" },
    );
  });

  it('deletes a Google-only account after a fresh Google sign-in of the linked Google account, not without one', async () => {
    const email = uniqueEmail('google-leaver');
    const sub = `g-${randomUUID()}`;
    const browser = await googleSignIn(email, sub);
    const csrf = {
      headers: { 'x-csrf-token': (await browser.get('/api/v1/auth/csrf')).body.csrfToken },
    };

    const unconfirmed = await browser.post('/api/v1/me/delete', {}, csrf);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.code).toBe('auth.reauth_required');

    // Another Google account does not confirm this one.
    await google.signInAs({
      sub: `g-${randomUUID()}`,
      email: uniqueEmail('someone'),
      emailVerified: true,
    });
    expect((await viaGoogle(browser, '/api/v1/auth/google/reauth')).landing).toBe(
      '/?reauth=failed',
    );
    expect((await browser.post('/api/v1/me/delete', {}, csrf)).status).toBe(409);

    await google.signInAs({ sub, email, emailVerified: true });
    const { authorize, landing } = await viaGoogle(browser, '/api/v1/auth/google/reauth');
    expect(authorize.searchParams.get('prompt')).toBe('login');
    expect(authorize.searchParams.get('max_age')).toBe('0');
    expect(landing).toBe('/?reauth=google');
    const deleted = await browser.post('/api/v1/me/delete', {}, csrf);
    expect(deleted.status).toBe(204);
    expect(await count('SELECT count(*)::int AS n FROM auth.users WHERE email = $1', [email])).toBe(
      0,
    );
  });

  it('refuses to delete an account whose organization still holds a cluster; usage is asked with a service credential only', async () => {
    const builder = await newUser(platform, 'builder');
    const orgId = claimsOf(builder.accessToken).org as string;
    const cluster = await builder.api.post(`/api/v1/orgs/${orgId}/clusters`, {
      provider: 'sandbox',
      namePrefix: 'keep',
      nameSuffix: 'e2e',
      region: 'sandbox-1',
    });
    expect(cluster.status).toBe(201);
    const refused = await builder.api.post('/api/v1/me/delete', { password: PASSWORD });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('accounts.last_owner');
    expect(refused.body.detail).toMatch(/still has clusters, cloud accounts or storage connectors/);
    await apiLogin(platform, builder.email, PASSWORD);

    // Neither a user's token nor nothing opens the internal subjects.
    const nc = await connect({ servers: platform.infrastructure.natsUrl });
    try {
      for (const subject of ['cluster.org.usage', 'cloud.org.usage']) {
        const h = natsHeaders();
        h.set('authorization', `Bearer ${builder.accessToken}`);
        const reply = await nc.request(
          subject,
          JSON.stringify({ pattern: subject, data: { orgIds: [orgId] }, id: randomUUID() }),
          { headers: h, timeout: 5000 },
        );
        expect(reply.json<{ err?: { code: string } }>().err?.code).toBe('platform.internal_only');
      }
    } finally {
      await nc.close();
    }
  });

  it('limits reset requests per IP, whatever the email, with the same 429 for known and unknown', async () => {
    const known = uniqueEmail('reset-ip-known');
    await signUpVerified(platform, known, PASSWORD);
    let refused: HttpResponse | undefined;
    for (let i = 0; i < PER_IP && !refused; i++) {
      const res = await api().post(RESET_REQUEST, { email: uniqueEmail('spray') });
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(202);
    }
    expect(refused?.body.code).toBe('auth.too_many_attempts');
    const forKnown = await api().post(RESET_REQUEST, { email: known });
    expectSameRefusal(forKnown, refused!);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM auth.password_reset_tokens
         WHERE user_id = (SELECT id FROM auth.users WHERE email = $1)`,
        [known],
      ),
    ).toBe(0);
  });
});

/** Two 429s an observer cannot tell apart (Retry-After may differ by the second they span). */
function expectSameRefusal(a: HttpResponse, b: HttpResponse) {
  expect(a.status).toBe(429);
  expect(b.status).toBe(429);
  expect(b.body.code).toBe(a.body.code);
  expect(Object.keys(b.body).sort()).toEqual(Object.keys(a.body).sort());
  const wait = (res: HttpResponse) => Number(res.headers.get('retry-after'));
  expect(wait(a)).toBeGreaterThan(0);
  expect(Math.abs(wait(a) - wait(b))).toBeLessThanOrEqual(1);
}

describe('first platform admin in production', () => {
  let platform: Platform;
  const listed = uniqueEmail('listed-admin');

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: { accounts: { NODE_ENV: 'production', ADMIN_EMAILS: listed } },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('makes nobody admin for being first; ADMIN_EMAILS and the one-time setup token do, once', async () => {
    const line = /PLATFORM ADMIN SETUP TOKEN.*?: ([A-Za-z0-9_-]{43})/.exec(
      platform.logs('accounts'),
    );
    expect(line).not.toBeNull();
    const setupToken = line![1];
    const { rows } = await (async () => {
      const db = new Client({ connectionString: platform.infrastructure.databaseUrl });
      await db.connect();
      try {
        return await db.query('SELECT token_hash FROM accounts.platform_admin_setup');
      } finally {
        await db.end();
      }
    })();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(setupToken);

    const first = await newUser(platform, 'prod-first');
    expect(claimsOf(first.accessToken).adm).toBe(false);
    expect((await first.api.get('/api/v1/admin/users')).status).toBe(403);
    await signUpVerified(platform, listed, PASSWORD);
    expect(claimsOf((await apiLogin(platform, listed, PASSWORD)).accessToken).adm).toBe(true);

    const wrong = await first.api.post('/api/v1/admin/setup', { token: 'B'.repeat(43) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('accounts.setup_token_invalid');
    const setup = await first.api.post('/api/v1/admin/setup', { token: setupToken });
    expect(setup.status).toBe(200);
    const session = await apiLogin(platform, first.email, PASSWORD);
    expect(claimsOf(session.accessToken).adm).toBe(true);
    expect((await bearer(platform, session.accessToken).get('/api/v1/admin/users')).status).toBe(
      200,
    );

    const other = await newUser(platform, 'prod-other');
    const reused = await other.api.post('/api/v1/admin/setup', { token: setupToken });
    expect(answer(reused)).toEqual(answer(wrong));
    expect(claimsOf((await apiLogin(platform, other.email, PASSWORD)).accessToken).adm).toBe(false);
  });
});
