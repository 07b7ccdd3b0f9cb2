import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { HttpClient, Platform, startPlatform, waitUntil } from '@strata/testing';
import { apiLogin, bearer, signUpVerified, uniqueEmail } from './support/accounts';

/** A request straight onto NATS in the shape @nestjs/microservices uses, as any peer could send. */
async function natsRequest(nc: NatsConnection, subject: string, data: unknown, token?: string) {
  const h = natsHeaders();
  if (token) h.set('authorization', `Bearer ${token}`);
  const reply = await nc.request(
    subject,
    JSON.stringify({ pattern: subject, data, id: randomUUID() }),
    {
      headers: h,
      timeout: 5000,
    },
  );
  return reply.json<{ err?: { status: number; code: string }; response?: unknown }>();
}

describe('platform admins', () => {
  let platform: Platform;
  const adminByList = uniqueEmail('listed-admin');

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: { accounts: { ADMIN_EMAILS: `Someone@Else.test, ${adminByList.toUpperCase()}` } },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('makes the first user of a fresh install and every ADMIN_EMAILS address a platform admin, nobody else', async () => {
    const first = uniqueEmail('first');
    await signUpVerified(platform, first, 'first-password-1');
    const second = uniqueEmail('second');
    await signUpVerified(platform, second, 'second-password-1');
    await signUpVerified(platform, adminByList, 'listed-password-1');

    expect(decodeJwt((await apiLogin(platform, first, 'first-password-1')).accessToken).adm).toBe(
      true,
    );
    expect(decodeJwt((await apiLogin(platform, second, 'second-password-1')).accessToken).adm).toBe(
      false,
    );
    expect(
      decodeJwt((await apiLogin(platform, adminByList, 'listed-password-1')).accessToken).adm,
    ).toBe(true);
  });

  it('lets an admin disable a user: their sessions end at once and they cannot sign in', async () => {
    const admin = uniqueEmail('admin-acts');
    const victim = uniqueEmail('victim');
    await signUpVerified(platform, victim, 'victim-password-1');
    // Not the first user and not listed: an ordinary user cannot disable anyone.
    const ordinary = await apiLogin(platform, victim, 'victim-password-1');
    const victimId = decodeJwt(ordinary.accessToken).sub!;
    const refused = await bearer(platform, ordinary.accessToken).post(
      `/api/v1/admin/users/${victimId}/disable`,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('platform.forbidden');

    await signUpVerified(platform, admin, 'admin-password-1');
    const adminSession = await apiLogin(platform, adminByList, 'listed-password-1');
    const self = await bearer(platform, adminSession.accessToken).post(
      `/api/v1/admin/users/${decodeJwt(adminSession.accessToken).sub}/disable`,
    );
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('auth.cannot_disable_self');

    const victimSession = await apiLogin(platform, victim, 'victim-password-1');
    const disabled = await bearer(platform, adminSession.accessToken).post(
      `/api/v1/admin/users/${victimId}/disable`,
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.revokedSessions).toBe(2);

    await waitUntil(
      async () =>
        (await bearer(platform, victimSession.accessToken).get('/api/v1/me')).status === 401,
      {
        timeoutMs: 5000,
        description: "the disabled user's access token to be refused",
      },
    );
    const api = new HttpClient(platform.gatewayUrl);
    expect(
      (await api.post('/api/v1/auth/token/refresh', { refreshToken: victimSession.refreshToken }))
        .status,
    ).toBe(401);
    const login = await api.post('/api/v1/auth/login', {
      email: victim,
      password: 'victim-password-1',
      client: 'api',
    });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('auth.invalid_credentials');
  });
});

describe('services verify the forwarded token themselves', () => {
  let platform: Platform;
  let nc: NatsConnection;

  beforeAll(async () => {
    platform = await startPlatform();
    nc = await connect({ servers: platform.infrastructure.natsUrl });
  });

  afterAll(async () => {
    await nc?.close();
    await platform?.stop();
  });

  it("refuses a request about another user's account, and one without a token, even from inside", async () => {
    const a = uniqueEmail('peer-a');
    const b = uniqueEmail('peer-b');
    await signUpVerified(platform, a, 'peer-a-password-1');
    await signUpVerified(platform, b, 'peer-b-password-1');
    const sessionA = await apiLogin(platform, a, 'peer-a-password-1');
    const sessionB = await apiLogin(platform, b, 'peer-b-password-1');
    const userB = decodeJwt(sessionB.accessToken).sub!;

    const own = await natsRequest(
      nc,
      'auth.session.list',
      { user_id: decodeJwt(sessionA.accessToken).sub, current_session_id: sessionA.sessionId },
      sessionA.accessToken,
    );
    expect(own.err).toBeUndefined();

    const other = await natsRequest(
      nc,
      'auth.session.list',
      { user_id: userB, current_session_id: sessionB.sessionId },
      sessionA.accessToken,
    );
    expect(other.err).toMatchObject({ status: 403, code: 'platform.forbidden' });

    const anonymous = await natsRequest(nc, 'auth.session.list', {
      user_id: userB,
      current_session_id: sessionB.sessionId,
    });
    expect(anonymous.err).toMatchObject({ status: 401, code: 'auth.unauthenticated' });
  });
});
