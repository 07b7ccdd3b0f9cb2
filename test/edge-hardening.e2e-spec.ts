import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  AwsStsStandIn,
  HttpClient,
  HttpResponse,
  Platform,
  startAwsStsStandIn,
  StsUser,
  waitUntil,
} from '@strata/testing';
import { CloudSuite } from './support/cloud-platform';
import { signUpVerified, uniqueEmail } from './support/accounts';
import { joinOrg, newUser, TestUser } from './support/orgs';

/**
 * What an outside attack found at the edge (issue 13, items 6-14), on one platform: control
 * characters, enumeration by chaining sign-ups and resends, notifications of others, methods,
 * security headers, forwarded headers, a removed member's token and refused cloud accounts.
 */
const RESEND_LIMIT = 5;
const LOGIN_FAILURES_PER_IP = 4;
const NUL = '\u0000';

const awsKey = (label: string): StsUser => ({
  accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secretAccessKey: randomBytes(24).toString('base64url'),
  accountId: '123456789012',
  arn: `arn:aws:iam::123456789012:user/${label}`,
});
const awsBody = (key: StsUser, name: string) => ({
  provider: 'aws',
  name,
  environment: 'dev',
  accessKeyId: key.accessKeyId,
  secretAccessKey: key.secretAccessKey,
});

const expectProblem = (res: HttpResponse, status: number, code: string) => {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
};

describe('edge hardening', () => {
  const cloud = new CloudSuite('edge');
  const saved = awsKey('saved');
  let sts: AwsStsStandIn;
  let platform: Platform;
  let db: Client;
  let owner: TestUser;
  let orgId: string;
  let accountId: string;
  const accounts = () => `/api/v1/orgs/${orgId}/cloud-accounts`;

  beforeAll(async () => {
    sts = await startAwsStsStandIn([saved]);
    await cloud.start(
      { CLOUD_AWS_STS_ENDPOINT: sts.url },
      {
        env: {
          AUTH_RESEND_MAX_PER_HOUR: String(RESEND_LIMIT),
          AUTH_LOGIN_MAX_FAILURES_PER_IP: String(LOGIN_FAILURES_PER_IP),
          AUTH_SIGNUP_MAX_PER_IP: '1000',
        },
      },
    );
    ({ platform, db, owner, orgId } = cloud);
    const created = await owner.api.post(accounts(), awsBody(saved, 'Saved AWS'));
    expect(created.status).toBe(201);
    accountId = created.body.id;
  });

  afterAll(async () => {
    await cloud.stop();
    await sts?.stop();
  });

  describe('control characters (item 6)', () => {
    it.each([
      ['POST /api/v1/orgs', () => owner.api.post('/api/v1/orgs', { name: `Acme${NUL}` })],
      [
        'PATCH /api/v1/orgs/{id}',
        () => owner.api.patch(`/api/v1/orgs/${orgId}`, { name: `A${NUL}` }),
      ],
      [
        'PATCH …/cloud-accounts/{id}',
        () => owner.api.patch(`${accounts()}/${accountId}`, { name: `AWS${NUL}prod` }),
      ],
      ['a line break in a name', () => owner.api.post('/api/v1/orgs', { name: 'two\nlines' })],
    ])('refuses %s with 422 and a field error, not a 500', async (_name, send) => {
      const res = await send();
      expectProblem(res, 422, 'gateway.validation_failed');
      expect(res.body.errors).toContainEqual({
        field: 'name',
        message: 'must not contain control characters',
      });
    });

    it('refuses them in every service, for input that reaches one without a body (the request contract)', async () => {
      const res = await owner.api.get(`/api/v1/notifications?cursor=${encodeURIComponent(NUL)}`);
      expectProblem(res, 422, 'platform.invalid_text');
      expect(res.body.errors).toEqual([
        { field: 'cursor', message: 'must not contain control characters' },
      ]);
    });

    it('refuses them at the service itself, whoever sends the request', async () => {
      const sent = cloud.rpc.request(
        'accounts.org.create',
        { name: `Direct${NUL}` },
        { accessToken: owner.accessToken },
      );
      await expect(sent).rejects.toMatchObject({ status: 422, code: 'platform.invalid_text' });
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM accounts.organizations WHERE name LIKE 'Direct%'",
      );
      expect(rows[0].n).toBe(0);
    });
  });

  it('counts a sign-up of a registered address like one of a new address, so chained resends tell nothing (item 7)', async () => {
    const known = uniqueEmail('chain-known');
    await signUpVerified(platform, known, 'chain-known-password-1');
    // Its owner signed up long ago: the hour of their own sign-up is over.
    await db.query('DELETE FROM auth.attempt_counters WHERE key = $1', [`resend:${known}`]);
    const unknown = uniqueEmail('chain-unknown');
    const api = new HttpClient(platform.gatewayUrl);
    const chain = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++)
        statuses.push(
          (await api.post('/api/v1/auth/signup', { email, password: 'chain-pass-12' })).status,
        );
      for (let i = 0; i < RESEND_LIMIT - 1; i++)
        statuses.push((await api.post('/api/v1/auth/email/resend', { email })).status);
      return statuses;
    };
    const forKnown = await chain(known);
    const forUnknown = await chain(unknown);
    // Two sign-ups and three resends fit the limit of five; the fourth resend is refused, alike.
    expect(forKnown).toEqual([202, 202, 202, 202, 202, 429]);
    expect(forUnknown).toEqual(forKnown);
  });

  describe('cloud accounts refused at creation (item 14) and notifications of others (item 8)', () => {
    let notificationId: string;

    it('notifies admins of a saved account that fails verification, not of a refused creation', async () => {
      const refused = await owner.api.post(accounts(), awsBody(awsKey('unknown'), 'Refused'));
      expectProblem(refused, 422, 'cloud.invalid_credentials');
      // The saved account's key expires: re-verifying it fails, and that is news.
      saved.expired = true;
      const reverified = await owner.api.post(`${accounts()}/${accountId}/verify`, {});
      expect(reverified.status).toBe(422);
      // Both failures are events of one subject, handled in order by one consumer: once the
      // saved account's notification is there, the refused creation's event was handled too.
      const kind = 'cloud.account_verification_failed';
      const items = await waitUntil(
        async () => {
          const list = await owner.api.get('/api/v1/notifications');
          const failed = list.body.items.filter((n: { kind: string }) => n.kind === kind);
          return failed.length > 0 ? failed : undefined;
        },
        { timeoutMs: 15_000, description: 'the verification-failed notification' },
      );
      expect(items).toHaveLength(1);
      expect(items[0].data).toMatchObject({ accountId });
      notificationId = items[0].id;
    });

    it('answers 404 for another user’s notification, on read as on delete', async () => {
      const other = await newUser(platform, 'other-reader');
      const read = await other.api.post(`/api/v1/notifications/${notificationId}/read`, {});
      expectProblem(read, 404, 'notify.notification_not_found');
      const bulk = await other.api.post('/api/v1/notifications/read', { ids: [notificationId] });
      expectProblem(bulk, 404, 'notify.notification_not_found');
      const removed = await other.api.delete(`/api/v1/notifications/${notificationId}`);
      expectProblem(removed, 404, 'notify.notification_not_found');
      // Untouched, and still the owner's to mark.
      const own = await owner.api.post(`/api/v1/notifications/${notificationId}/read`, {});
      expect(own.status).toBe(200);
      expect(own.body.marked).toBe(1);
    });
  });

  it('answers a known path with a wrong method 405 with Allow (item 9)', async () => {
    const res = await new HttpClient(platform.gatewayUrl).put('/api/v1/auth/login', {});
    expectProblem(res, 405, 'gateway.method_not_allowed');
    expect(res.headers.get('allow')).toBe('POST');
    const unknown = await new HttpClient(platform.gatewayUrl).put('/api/v1/no-such-thing', {});
    expectProblem(unknown, 404, 'gateway.not_found');
  });

  it('sends no-store on API answers and a Permissions-Policy (item 12)', async () => {
    const me = await owner.api.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('permissions-policy')).toMatch(/(^|, )camera=\(\)/);
    expect(me.headers.get('permissions-policy')).toMatch(/geolocation=\(\)/);
    const jwks = await owner.api.get('/api/v1/.well-known/jwks.json');
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('refuses a removed member’s fresh token in that organization with 404, not “expired” (item 13)', async () => {
    const member = await newUser(platform, 'removed-member');
    await joinOrg(platform, owner, orgId, member, 'admin');
    expect((await member.api.get(accounts())).status).toBe(200);
    // No waiting for the next second: a token issued in the very second of the removal (iat has
    // whole seconds) counts as issued before it, so the token is refused either way.
    const removed = await owner.api.delete(`/api/v1/orgs/${orgId}/members/${member.userId}`);
    expect(removed.status).toBe(204);
    // The cloud service trusts the role in the token: the gateway must stop it once it heard.
    const refused = await waitUntil(
      async () => {
        const res = await member.api.get(accounts());
        return res.status !== 200 ? res : undefined;
      },
      { timeoutMs: 10_000, description: 'the removed member’s token to be refused' },
    );
    expectProblem(refused, 404, 'accounts.org_not_found');
    expect(refused.body.detail).not.toMatch(/expired/i);
    // The same token still works for what is not about that organization.
    expect((await member.api.get('/api/v1/me')).status).toBe(200);
  });

  describe('forwarded headers (items 10, 11)', () => {
    const csp = (res: HttpResponse) => res.headers.get('content-security-policy') ?? '';

    it('sends no upgrade-insecure-requests over plain HTTP, whatever an untrusted client claims', async () => {
      const res = await new HttpClient(platform.gatewayUrl, {
        headers: { 'x-forwarded-proto': 'https' },
      }).get('/healthz');
      expect(csp(res)).toContain("script-src 'self'");
      expect(csp(res)).not.toContain('upgrade-insecure-requests');
    });

    it('believes X-Forwarded-For from no one by default: rotating it does not escape the per-IP login limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= LOGIN_FAILURES_PER_IP; i++) {
        const res = await new HttpClient(platform.gatewayUrl, {
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        }).post('/api/v1/auth/login', { email: uniqueEmail('spray'), password: 'spray-pass-1' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array(LOGIN_FAILURES_PER_IP).fill(401), 429]);
    });

    it('believes a configured proxy: its X-Forwarded-For names the client and X-Forwarded-Proto https brings the upgrade', async () => {
      await platform.restart('gateway', { TRUSTED_PROXIES: '127.0.0.1/32, ::1' });
      const viaProxy = (proto: string) =>
        new HttpClient(platform.gatewayUrl, {
          headers: { 'x-forwarded-for': '203.0.113.99', 'x-forwarded-proto': proto },
        });
      // 127.0.0.1 is blocked (above); the client the proxy names is not.
      const login = await viaProxy('https').post('/api/v1/auth/login', {
        email: uniqueEmail('proxied'),
        password: 'proxied-pass-1',
      });
      expectProblem(login, 401, 'auth.invalid_credentials');
      expect(csp(await viaProxy('https').get('/healthz'))).toContain('upgrade-insecure-requests');
      expect(csp(await viaProxy('http').get('/healthz'))).not.toContain(
        'upgrade-insecure-requests',
      );
    });
  });
});
