import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { Client } from 'pg';
import { encodeMessage, UserRegisteredSchema } from '@strata/proto';
import { Platform, startPlatform, waitUntil } from '@strata/testing';
import {
  claimsOf,
  invitationToken,
  joinOrg,
  newUser,
  ownerOfNewOrg,
  switchTo,
} from './support/orgs';

/**
 * Organizations, members and invitations through the gateway (issue 3): a personal organization
 * at sign-up, create / rename / list / switch, invite by email and accept, roles, removal,
 * leaving, the last-owner rule, tenancy (another organization answers 404) and the role matrix.
 */
describe('organizations', () => {
  let platform: Platform;
  let db: Client;
  let nats: NatsConnection;

  beforeAll(async () => {
    platform = await startPlatform({
      // About two dozen sign-ups, all from 127.0.0.1: above the default per-IP sign-up limit.
      serviceEnv: { auth: { AUTH_SIGNUP_MAX_PER_IP: '1000' } },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
    nats = await connect({ servers: platform.infrastructure.natsUrl });
  });

  afterAll(async () => {
    await nats?.close();
    await db?.end();
    await platform?.stop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);

  it('gives every new user a profile, a username and a personal organization they own, carried in their token', async () => {
    const user = await newUser(platform, 'personal');
    const claims = claimsOf(user.accessToken);
    expect(claims.org).toEqual(expect.any(String));
    expect(claims.role).toBe('owner');
    expect(claims.username).toMatch(/^personal-/);

    const orgs = await user.api.get('/api/v1/orgs');
    expect(orgs.status).toBe(200);
    expect(orgs.body.items).toEqual([
      expect.objectContaining({ id: claims.org, personal: true, role: 'owner', active: true }),
    ]);
    const me = await user.api.get('/api/v1/me');
    expect(me.body).toMatchObject({
      username: claims.username,
      activeOrg: { id: claims.org },
      role: 'owner',
    });
  });

  it('creates nothing twice when the registration event is handled again (a new event id, the same user)', async () => {
    const user = await newUser(platform, 'dup-event');
    const handled = () =>
      count(
        "SELECT count(*) AS n FROM accounts.processed_events WHERE consumer = 'accounts-user-registered'",
      );
    const before = await handled();
    const eventId = randomUUID();
    const h = natsHeaders();
    h.set('Strata-Event-Id', eventId);
    await nats
      .jetstream()
      .publish(
        'evt.auth.user.registered',
        encodeMessage(UserRegisteredSchema, { userId: user.userId, email: user.email }),
        { msgID: eventId, headers: h },
      );
    await waitUntil(async () => (await handled()) === before + 1, {
      timeoutMs: 15_000,
      description: 'the duplicate registration event handled',
    });
    expect(
      await count('SELECT count(*) AS n FROM accounts.profiles WHERE user_id = $1', [user.userId]),
    ).toBe(1);
    expect(
      await count('SELECT count(*) AS n FROM accounts.organizations WHERE created_by = $1', [
        user.userId,
      ]),
    ).toBe(1);
  });

  it('creates, lists, renames and switches organizations; the new token names the organization and role', async () => {
    const user = await newUser(platform, 'orgs');
    const personal = claimsOf(user.accessToken).org;
    const created = await user.api.post('/api/v1/orgs', { name: '  Data Platform ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Data Platform', role: 'owner', personal: false });

    const listed = await user.api.get('/api/v1/orgs');
    expect(listed.body.items.map((o: { id: string }) => o.id)).toEqual([personal, created.body.id]);

    // Renaming needs the organization to be the active one.
    const early = await user.api.patch(`/api/v1/orgs/${created.body.id}`, { name: 'Renamed' });
    expect(early.status).toBe(404);

    const switched = await switchTo(platform, user, created.body.id);
    expect(switched.body).toMatchObject({ orgId: created.body.id, tokenType: 'Bearer' });
    expect(claimsOf(user.accessToken)).toMatchObject({ org: created.body.id, role: 'owner' });

    const renamed = await user.api.patch(`/api/v1/orgs/${created.body.id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', active: true });

    const after = await user.api.get('/api/v1/orgs');
    expect(after.body.items).toEqual([
      expect.objectContaining({ id: personal, active: false }),
      expect.objectContaining({ id: created.body.id, name: 'Renamed', active: true }),
    ]);
    const invalid = await user.api.post('/api/v1/orgs', { name: '' });
    expect(invalid.status).toBe(422);
  });

  it('switches a cookie (browser) session by setting a new access cookie', async () => {
    const user = await newUser(platform, 'cookie-switch');
    const org = await user.api.post('/api/v1/orgs', { name: 'Cookie org' });
    const { HttpClient } = await import('@strata/testing');
    const browser = new HttpClient(platform.gatewayUrl);
    const login = await browser.post('/api/v1/auth/login', {
      email: user.email,
      password: 'strata-orgs-password-1',
    });
    expect(login.status).toBe(200);
    const res = await browser.post(
      `/api/v1/orgs/${org.body.id}/switch`,
      {},
      { headers: { 'x-csrf-token': login.body.csrfToken } },
    );
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toBeUndefined();
    expect(claimsOf(browser.cookie('__Host-strata_at')!).org).toBe(org.body.id);
  });

  it('refuses to switch to an organization the user is not a member of (404)', async () => {
    const { orgId } = await ownerOfNewOrg(platform, 'switch-owner');
    const outsider = await newUser(platform, 'switch-outsider');
    const res = await outsider.api.post(`/api/v1/orgs/${orgId}/switch`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('accounts.org_not_found');
  });

  it('invites by email, the invitee accepts from the mailed link, and members are listed with roles', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'inviter');
    const invitee = await newUser(platform, 'invitee');
    const invited = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: invitee.email.toUpperCase(),
      role: 'admin',
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ orgId, email: invitee.email, role: 'admin' });
    const mail = await platform.mail.waitFor(
      (m) => m.to.includes(invitee.email) && /invited you/.test(m.subject),
    );
    expect(mail.subject).toMatch(/invited you to inviter team/);
    expect(mail.text).toContain(claimsOf(owner.accessToken).username as string);

    const token = await invitationToken(platform, invitee.email);
    const accepted = await invitee.api.post('/api/v1/invitations/accept', { token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ orgId, orgName: 'inviter team', role: 'admin' });
    await switchTo(platform, invitee, orgId);
    expect(claimsOf(invitee.accessToken)).toMatchObject({ org: orgId, role: 'admin' });

    const members = await owner.api.get(`/api/v1/orgs/${orgId}/members`);
    expect(members.status).toBe(200);
    expect(members.body.items).toEqual([
      expect.objectContaining({ userId: owner.userId, role: 'owner', email: owner.email }),
      expect.objectContaining({ userId: invitee.userId, role: 'admin', email: invitee.email }),
    ]);

    // Used once: the same link again is refused with a clear problem.
    const again = await invitee.api.post('/api/v1/invitations/accept', { token });
    expect(again.status).toBe(410);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body.code).toBe('accounts.invitation_used');
  });

  it('refuses an expired invitation with accounts.invitation_expired, and one for another email', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'expiry');
    const invitee = await newUser(platform, 'late');
    await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, { email: invitee.email });
    const token = await invitationToken(platform, invitee.email);

    const stranger = await newUser(platform, 'stranger');
    const wrongEmail = await stranger.api.post('/api/v1/invitations/accept', { token });
    expect(wrongEmail.status).toBe(403);
    expect(wrongEmail.body.code).toBe('accounts.invitation_email_mismatch');

    await db.query(
      "UPDATE accounts.invitations SET expires_at = now() - interval '1 minute' WHERE org_id = $1",
      [orgId],
    );
    const expired = await invitee.api.post('/api/v1/invitations/accept', { token });
    expect(expired.status).toBe(410);
    expect(expired.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(expired.body).toMatchObject({ code: 'accounts.invitation_expired' });
    expect(
      await count('SELECT count(*) AS n FROM accounts.memberships WHERE org_id = $1', [orgId]),
    ).toBe(1);

    const unknown = await invitee.api.post('/api/v1/invitations/accept', {
      token: 'x'.repeat(43),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('accounts.invitation_not_found');
  });

  it('changes roles, removes members, and lets members leave', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'roles');
    const member = await newUser(platform, 'member');
    const leaver = await newUser(platform, 'leaver');
    await joinOrg(platform, owner, orgId, member, 'member');
    await joinOrg(platform, owner, orgId, leaver, 'viewer');

    const changed = await owner.api.patch(`/api/v1/orgs/${orgId}/members/${member.userId}`, {
      role: 'viewer',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ userId: member.userId, role: 'viewer' });

    const left = await leaver.api.post(`/api/v1/orgs/${orgId}/leave`, {});
    expect(left.status).toBe(204);
    const removed = await owner.api.delete(`/api/v1/orgs/${orgId}/members/${member.userId}`);
    expect(removed.status).toBe(204);

    const members = await owner.api.get(`/api/v1/orgs/${orgId}/members`);
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);
    const leaverOrgs = await leaver.api.get('/api/v1/orgs');
    expect(leaverOrgs.body.items.map((o: { id: string }) => o.id)).not.toContain(orgId);
    // A removed member's token still names the organization: the gateway refuses it as stale as
    // soon as it hears of the removal, and until then accounts checks the membership itself.
    const stale = await member.api.get(`/api/v1/orgs/${orgId}/members`);
    expect([
      [401, 'auth.token_expired'],
      [404, 'accounts.org_not_found'],
    ]).toContainEqual([stale.status, stale.body.code]);
  });

  it('keeps at least one owner: the last owner cannot leave, be removed or be demoted (409 accounts.last_owner)', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'last-owner');
    const leave = await owner.api.post(`/api/v1/orgs/${orgId}/leave`, {});
    expect(leave.status).toBe(409);
    expect(leave.body.code).toBe('accounts.last_owner');
    const demote = await owner.api.patch(`/api/v1/orgs/${orgId}/members/${owner.userId}`, {
      role: 'admin',
    });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('accounts.last_owner');
    const remove = await owner.api.delete(`/api/v1/orgs/${orgId}/members/${owner.userId}`);
    expect(remove.status).toBe(409);
    expect(remove.body.code).toBe('accounts.last_owner');

    // An admin cannot remove (or demote) the owner at all.
    const admin = await newUser(platform, 'admin');
    await joinOrg(platform, owner, orgId, admin, 'admin');
    const byAdmin = await admin.api.delete(`/api/v1/orgs/${orgId}/members/${owner.userId}`);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.code).toBe('accounts.owner_role_reserved');
    const demoteByAdmin = await admin.api.patch(`/api/v1/orgs/${orgId}/members/${owner.userId}`, {
      role: 'member',
    });
    expect(demoteByAdmin.status).toBe(403);
    // And cannot make anyone an owner.
    const promote = await admin.api.patch(`/api/v1/orgs/${orgId}/members/${admin.userId}`, {
      role: 'owner',
    });
    expect(promote.status).toBe(403);
    expect(
      await count(
        "SELECT count(*) AS n FROM accounts.memberships WHERE org_id = $1 AND role = 'owner'",
        [orgId],
      ),
    ).toBe(1);
  });

  it('lets only one of two concurrent demotions of the two owners succeed', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'two-owners');
    const second = await newUser(platform, 'second-owner');
    await joinOrg(platform, owner, orgId, second, 'owner');
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([
        owner.api.patch(`/api/v1/orgs/${orgId}/members/${owner.userId}`, { role: 'admin' }),
        second.api.patch(`/api/v1/orgs/${orgId}/members/${second.userId}`, { role: 'admin' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const owners = await count(
        "SELECT count(*) AS n FROM accounts.memberships WHERE org_id = $1 AND role = 'owner'",
        [orgId],
      );
      expect(owners).toBe(1);
      // Restore two owners for the next round: the remaining owner promotes the other again.
      const [stillOwner, demoted] = a.status === 409 ? [owner, second] : [second, owner];
      await switchTo(platform, stillOwner, orgId);
      const restore = await stillOwner.api.patch(
        `/api/v1/orgs/${orgId}/members/${demoted.userId}`,
        { role: 'owner' },
      );
      expect(restore.status).toBe(200);
      await switchTo(platform, demoted, orgId);
    }
  });

  it("answers 404 to a member of organization A for each of organization B's endpoints", async () => {
    const a = await ownerOfNewOrg(platform, 'tenant-a');
    const b = await ownerOfNewOrg(platform, 'tenant-b');
    const someone = b.owner.userId;
    const attempts = [
      a.owner.api.patch(`/api/v1/orgs/${b.orgId}`, { name: 'taken over' }),
      a.owner.api.get(`/api/v1/orgs/${b.orgId}/members`),
      a.owner.api.post(`/api/v1/orgs/${b.orgId}/invitations`, { email: 'x@example.com' }),
      a.owner.api.patch(`/api/v1/orgs/${b.orgId}/members/${someone}`, { role: 'viewer' }),
      a.owner.api.delete(`/api/v1/orgs/${b.orgId}/members/${someone}`),
      a.owner.api.post(`/api/v1/orgs/${b.orgId}/leave`, {}),
      a.owner.api.post(`/api/v1/orgs/${b.orgId}/switch`, {}),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    const names = await b.owner.api.get('/api/v1/orgs');
    expect(names.body.items.find((o: { id: string }) => o.id === b.orgId).name).toBe(
      'tenant-b team',
    );
  });

  it('refuses a viewer to invite or change roles (403), and a member to rename', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'matrix');
    const viewer = await newUser(platform, 'viewer');
    const member = await newUser(platform, 'plain-member');
    await joinOrg(platform, owner, orgId, viewer, 'viewer');
    await joinOrg(platform, owner, orgId, member, 'member');

    const invite = await viewer.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'someone@example.com',
    });
    expect(invite.status).toBe(403);
    const change = await viewer.api.patch(`/api/v1/orgs/${orgId}/members/${member.userId}`, {
      role: 'viewer',
    });
    expect(change.status).toBe(403);
    const rename = await member.api.patch(`/api/v1/orgs/${orgId}`, { name: 'mine now' });
    expect(rename.status).toBe(403);
    // Reading is for everyone in the organization.
    expect((await viewer.api.get(`/api/v1/orgs/${orgId}/members`)).status).toBe(200);
  });
});
