import { createLocalJWKSet, decodeProtectedHeader, JSONWebKeySet, jwtVerify } from 'jose';
import { Client } from 'pg';
import { HttpClient, Platform, startPlatform } from '@strata/testing';
import { apiLogin, signUpVerified, uniqueEmail } from './support/accounts';

const NEW_KEY = /"kid":"([0-9a-f-]{36})".*"msg":"new access-token signing key"/;

/**
 * auth's signing keys with two replicas: replicas starting together make one key (the decision
 * is taken under an advisory lock; the other replica reads the key), and a key one replica makes
 * later (its start after the key aged) is picked up by the other within its refresh period, so
 * every token signed from then on carries the new kid, whichever replica signs it.
 */
describe('auth signing keys with two replicas', () => {
  let platform: Platform;
  let db: Client;
  const email = uniqueEmail('replica-keys');
  const password = 'replica-keys-password-1';

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['auth', 'accounts', 'notify', 'gateway'],
      replicas: { auth: 2 },
      serviceEnv: { auth: { AUTH_SIGNING_KEY_REFRESH_SECONDS: '1' } },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    await signUpVerified(platform, email, password);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const keys = async () =>
    (
      await db.query<{ kid: string; retired: boolean }>(
        'SELECT kid, retired_at IS NOT NULL AS retired FROM auth.signing_keys ORDER BY created_at',
      )
    ).rows;
  const made = (replica: string) =>
    platform
      .logs(replica)
      .split('\n')
      .flatMap((line) => NEW_KEY.exec(line)?.[1] ?? []);
  /**
   * Logs in `count` times (the queue group spreads them over the replicas); the kids used. Each
   * token verifies against the published JWKS, and with `viaGateway` is accepted by the gateway.
   */
  const loginKids = async (count: number, viaGateway: boolean) => {
    const api = new HttpClient(platform.gatewayUrl);
    const jwks = await api.get('/api/v1/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    const keySet = createLocalJWKSet(jwks.body as JSONWebKeySet);
    const kids: string[] = [];
    for (let i = 0; i < count; i++) {
      const session = await apiLogin(platform, email, password, `replica-keys-${i}`);
      await jwtVerify(session.accessToken, keySet);
      if (viaGateway)
        expect((await api.bearer(session.accessToken).get('/api/v1/me')).status).toBe(200);
      kids.push(String(decodeProtectedHeader(session.accessToken).kid));
    }
    return kids;
  };

  it('makes one signing key when both replicas start together, and both sign with it', async () => {
    const stored = await keys();
    expect(stored).toHaveLength(1);
    expect([...made('auth'), ...made('auth-2')]).toEqual([stored[0].kid]);
    expect(new Set(await loginKids(6, true))).toEqual(new Set([stored[0].kid]));
  });

  it('has the other replica sign with a key one replica made, within its refresh period', async () => {
    const [first] = await keys();
    // The key is past AUTH_SIGNING_KEY_MAX_AGE_DAYS: the replica that starts next replaces it.
    await db.query(`UPDATE auth.signing_keys SET created_at = now() - interval '40 days'`);
    await platform.restart('auth-2');
    const line = await platform.waitForLog('auth-2', NEW_KEY);
    const second = NEW_KEY.exec(line)![1];
    expect(second).not.toBe(first.kid);
    expect(await keys()).toEqual([
      { kid: first.kid, retired: true },
      { kid: second, retired: false },
    ]);
    // Replica 1 (not restarted) reloads it: no token is signed with the retired key any more.
    // (The gateway's JWKS cache refetches for an unknown kid at most once per 30 s, so it is not
    // asked here: that cool-down is the gateway's, the same with one replica.)
    await platform.waitForLog(
      'auth',
      new RegExp(`"kid":"${second}".*"msg":"signing key reloaded`),
      15_000,
    );
    expect(new Set(await loginKids(8, false))).toEqual(new Set([second]));
  });
});
