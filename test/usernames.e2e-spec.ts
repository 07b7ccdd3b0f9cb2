import { Platform, startPlatform } from '@strata/testing';
import { claimsOf, newUser, TestUser } from './support/orgs';

/**
 * Usernames through the gateway (issue 3): the rules, uniqueness without regard to case, the
 * as-you-type availability check, two concurrent claims of one name, and tokens that carry the
 * new name after a change.
 */
describe('usernames', () => {
  let platform: Platform;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    platform = await startPlatform();
    [alice, bob] = await Promise.all([newUser(platform, 'alice'), newUser(platform, 'bob')]);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const unique = (prefix: string) =>
    `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

  it.each([
    ['ab', 'too_short'],
    ['a'.repeat(31), 'too_long'],
    ['9lives', 'must_start_with_letter'],
    ['-dash', 'must_start_with_letter'],
    ['dot.name', 'invalid_characters'],
    ['space name', 'invalid_characters'],
    ['admin', 'reserved'],
    ['Support', 'reserved'],
    ['strata', 'reserved'],
  ])('refuses %j (%s) with 422 and says why', async (name, reason) => {
    const check = await alice.api.get(`/api/v1/usernames/${encodeURIComponent(name)}/availability`);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ available: false, reason });
    const change = await alice.api.put('/api/v1/me/username', { username: name });
    expect(change.status).toBe(422);
    expect(change.body.code).toBe('accounts.username_invalid');
    expect(change.body.detail).toEqual(expect.any(String));
  });

  it('changes the username and hands out a token that carries it', async () => {
    const name = unique('alice_');
    const before = await alice.api.get(`/api/v1/usernames/${name}/availability`);
    expect(before.body).toEqual({ available: true });
    const res = await alice.api.put('/api/v1/me/username', { username: name.toUpperCase() });
    expect(res.status).toBe(200);
    expect(res.body.username).toBe(name);
    expect(claimsOf(res.body.accessToken).username).toBe(name);
    const me = await alice.api.bearer(res.body.accessToken).get('/api/v1/me');
    expect(me.body.username).toBe(name);
  });

  it('answers 409 accounts.username_taken for a name taken in any case, and availability says taken', async () => {
    const name = unique('taken-');
    expect((await alice.api.put('/api/v1/me/username', { username: name })).status).toBe(200);
    const check = await bob.api.get(`/api/v1/usernames/${name.toUpperCase()}/availability`);
    expect(check.body).toEqual({ available: false, reason: 'taken' });
    const res = await bob.api.put('/api/v1/me/username', { username: name.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('accounts.username_taken');
    expect(res.body.detail).toContain(name);
  });

  it('lets exactly one of two concurrent claims of one name win', async () => {
    const users = await Promise.all([newUser(platform, 'race-a'), newUser(platform, 'race-b')]);
    for (let round = 0; round < 5; round++) {
      const name = unique(`race${round}`);
      const results = await Promise.all(
        users.map((u) => u.api.put('/api/v1/me/username', { username: name })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    }
  });

  it('requires a signed-in caller for the availability check', async () => {
    const { HttpClient } = await import('@strata/testing');
    const anonymous = new HttpClient(platform.gatewayUrl);
    expect((await anonymous.get('/api/v1/usernames/somebody/availability')).status).toBe(401);
  });
});
