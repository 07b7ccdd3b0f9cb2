import { Platform, startPlatform } from '@strata/testing';
import { claimsOf, newUser } from './support/orgs';

/** Platform admins (issue 3, point 6): the first user of a fresh install lists every user. */
describe('platform admin: user list', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('makes the first user a platform admin who lists users page by page; others get 403', async () => {
    const first = await newUser(platform, 'first');
    const second = await newUser(platform, 'second');
    const third = await newUser(platform, 'third');
    expect(claimsOf(first.accessToken).adm).toBe(true);
    expect(claimsOf(second.accessToken).adm).toBeFalsy();

    const page1 = await first.api.get('/api/v1/admin/users?pageSize=2');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.body.items).toEqual([
      expect.objectContaining({ id: third.userId, email: third.email, disabled: false }),
      expect.objectContaining({ id: second.userId, platformAdmin: false }),
    ]);
    const page2 = await first.api.get('/api/v1/admin/users?pageSize=2&page=2');
    expect(page2.body.items).toEqual([
      expect.objectContaining({
        id: first.userId,
        platformAdmin: true,
        username: claimsOf(first.accessToken).username,
        createdAt: expect.any(String),
      }),
    ]);

    const refused = await second.api.get('/api/v1/admin/users');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('platform.forbidden');
    expect((await first.api.get('/api/v1/admin/users?pageSize=500')).status).toBe(422);
  });
});
