import { Platform, startPlatform } from '@strata/testing';
import { apiLogin, bearer } from './support/accounts';
import { claimsOf, joinOrg, newUser, PASSWORD } from './support/orgs';

/**
 * Tokens are verified locally and carry the role, so a role change would otherwise take up to a
 * token lifetime to reach them. The gateway refuses tokens issued before the holder's role in
 * that organization changed; the holder refreshes and gets the current role.
 */
describe('a role change reaches the access token at once', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('refuses the old token with auth.token_expired, and a refreshed token carries the new role', async () => {
    const owner = await newUser(platform, 'stale-owner');
    const admin = await newUser(platform, 'stale-admin');
    const orgId = claimsOf(owner.accessToken).org as string;

    await joinOrg(platform, owner, orgId, admin, 'admin');
    expect(claimsOf(admin.accessToken).role).toBe('admin');
    expect((await admin.api.get(`/api/v1/orgs/${orgId}/members`)).status).toBe(200);

    // No waiting for the next second: a token issued in the very second of the change (iat has
    // whole seconds) counts as issued before it, so the old token is refused either way.
    const demoted = await owner.api.patch(`/api/v1/orgs/${orgId}/members/${admin.userId}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);

    // The gateway that carried the change refuses the old token on the very next request, before
    // the event has necessarily come round (read-your-writes).
    const refused = await admin.api.get(`/api/v1/orgs/${orgId}/members`);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.token_expired');

    // Signing in again (as a refresh would) gives a token with the current role.
    const fresh = await apiLogin(platform, admin.email, PASSWORD);
    expect(claimsOf(fresh.accessToken)).toMatchObject({ org: orgId, role: 'viewer' });
    const viewer = bearer(platform, fresh.accessToken);
    expect((await viewer.get(`/api/v1/orgs/${orgId}/members`)).status).toBe(200);
    expect(
      (await viewer.post(`/api/v1/orgs/${orgId}/invitations`, { email: 'x@example.com' })).status,
    ).toBe(403);
  });
});
