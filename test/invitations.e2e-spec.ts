import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Platform, startPlatform } from '@strata/testing';
import { uniqueEmail } from './support/accounts';
import { claimsOf, invitationToken, joinOrg, newUser, ownerOfNewOrg } from './support/orgs';

/**
 * Pending invitations of an organization: admins and owners list them (newest first, cursor
 * pages) and revoke them; a revoked link answers like an unknown one; members and viewers get
 * 403, another organization 404, malformed ids and queries a 4xx problem.
 */
describe('invitations', () => {
  let platform: Platform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: { auth: { AUTH_SIGNUP_MAX_PER_IP: '1000' } },
    });
    db = new Client({ connectionString: platform.infrastructure.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const problem = (res: { status: number; headers: Headers; body: { code?: string } }) => ({
    status: res.status,
    type: res.headers.get('content-type')?.split(';')[0],
    code: res.body.code,
  });

  it('lists the pending invitations only, newest first, with who invited; an accepted one disappears', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'pending');
    const invitee = await newUser(platform, 'joiner');
    const first = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: invitee.email,
      role: 'viewer',
    });
    expect(first.status).toBe(201);
    const token = await invitationToken(platform, invitee.email);
    const other = uniqueEmail('outsider');
    const second = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: other,
      role: 'admin',
    });
    expect(second.status).toBe(201);

    const listed = await owner.api.get(`/api/v1/orgs/${orgId}/invitations`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      items: [
        {
          id: second.body.id,
          email: other,
          role: 'admin',
          invitedBy: { userId: owner.userId, username: claimsOf(owner.accessToken).username },
          createdAt: expect.any(String),
          expiresAt: second.body.expiresAt,
        },
        expect.objectContaining({ id: first.body.id, email: invitee.email, role: 'viewer' }),
      ],
      nextCursor: null,
    });
    expect(Date.parse(listed.body.items[0].createdAt)).toBeGreaterThanOrEqual(
      Date.parse(listed.body.items[1].createdAt),
    );

    const accepted = await invitee.api.post('/api/v1/invitations/accept', { token });
    expect(accepted.status).toBe(200);
    // An expired one is not pending either.
    await db.query('UPDATE accounts.invitations SET expires_at = now() WHERE id = $1', [
      second.body.id,
    ]);
    const after = await owner.api.get(`/api/v1/orgs/${orgId}/invitations`);
    expect(after.body).toEqual({ items: [], nextCursor: null });
  });

  it('revokes: the link stops working at once (like an unknown token), an event is emitted, and the email can be invited again', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'revoker');
    const invitee = await newUser(platform, 'revoked');
    const invited = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: invitee.email,
    });
    const token = await invitationToken(platform, invitee.email);

    const revoked = await owner.api.delete(`/api/v1/orgs/${orgId}/invitations/${invited.body.id}`);
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');

    const accept = await invitee.api.post('/api/v1/invitations/accept', { token });
    const unknown = await invitee.api.post('/api/v1/invitations/accept', {
      token: 'y'.repeat(43),
    });
    expect(problem(accept)).toEqual({
      status: 404,
      type: 'application/problem+json',
      code: 'accounts.invitation_not_found',
    });
    expect(accept.body.detail).toBe(unknown.body.detail);
    expect(problem(unknown)).toEqual(problem(accept));
    const listed = await owner.api.get(`/api/v1/orgs/${orgId}/invitations`);
    expect(listed.body.items).toEqual([]);

    const { rows } = await db.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM accounts.outbox WHERE subject = 'evt.accounts.invitation.revoked' AND payload->>'invitation_id' = $1",
      [invited.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({
      org_id: orgId,
      email: invitee.email,
      revoked_by: owner.userId,
    });

    // Revoking again, or an accepted or expired one: 409 with one stable code.
    const again = await owner.api.delete(`/api/v1/orgs/${orgId}/invitations/${invited.body.id}`);
    expect(problem(again)).toEqual({
      status: 409,
      type: 'application/problem+json',
      code: 'accounts.invitation_not_pending',
    });
    expect(again.body.detail).toMatch(/revoked/);

    // Re-inviting the same email works, and the new link joins.
    const reinvited = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: invitee.email,
    });
    expect(reinvited.status).toBe(201);
    const newToken = await invitationToken(platform, invitee.email);
    expect((await invitee.api.post('/api/v1/invitations/accept', { token: newToken })).status).toBe(
      200,
    );
    const accepted = await owner.api.delete(
      `/api/v1/orgs/${orgId}/invitations/${reinvited.body.id}`,
    );
    expect(problem(accepted)).toMatchObject({
      status: 409,
      code: 'accounts.invitation_not_pending',
    });
    expect(accepted.body.detail).toMatch(/accepted/);

    const late = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: uniqueEmail('late'),
    });
    await db.query(
      "UPDATE accounts.invitations SET expires_at = now() - interval '1 minute' WHERE id = $1",
      [late.body.id],
    );
    const expired = await owner.api.delete(`/api/v1/orgs/${orgId}/invitations/${late.body.id}`);
    expect(problem(expired)).toMatchObject({
      status: 409,
      code: 'accounts.invitation_not_pending',
    });
    expect(expired.body.detail).toMatch(/expired/);

    const missing = await owner.api.delete(`/api/v1/orgs/${orgId}/invitations/${randomUUID()}`);
    expect(problem(missing)).toEqual({
      status: 404,
      type: 'application/problem+json',
      code: 'accounts.invitation_not_found',
    });
  });

  it('pages through the pending invitations with a cursor, each once', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'pages');
    const emails: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail(`page${i}`);
      emails.push(email);
      const res = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, { email });
      expect(res.status).toBe(201);
    }
    // Two of them at the same instant: the id breaks the tie.
    await db.query(
      "UPDATE accounts.invitations SET created_at = '2026-01-01T00:00:00Z' WHERE org_id = $1 AND email = ANY($2)",
      [orgId, emails.slice(0, 2)],
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = await owner.api.get(`/api/v1/orgs/${orgId}/invitations${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: { email: string }) => i.email));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen.slice(0, 3)).toEqual(emails.slice(2).reverse());
    expect(new Set(seen.slice(3))).toEqual(new Set(emails.slice(0, 2)));

    for (const [query, code] of [
      ['?limit=0', 'gateway.invalid_query'],
      ['?limit=101', 'gateway.invalid_query'],
      ['?limit=abc', 'gateway.invalid_query'],
      [`?cursor=${'a'.repeat(201)}`, 'gateway.invalid_query'],
      ['?cursor=not-a-cursor', 'accounts.invalid_cursor'],
    ]) {
      const res = await owner.api.get(`/api/v1/orgs/${orgId}/invitations${query}`);
      expect(problem(res)).toEqual({ status: 400, type: 'application/problem+json', code });
    }
  });

  it('refuses members and viewers (403), and answers 404 for another organization', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'matrix');
    const admin = await newUser(platform, 'inv-admin');
    const member = await newUser(platform, 'inv-member');
    const viewer = await newUser(platform, 'inv-viewer');
    await joinOrg(platform, owner, orgId, admin, 'admin');
    await joinOrg(platform, owner, orgId, member, 'member');
    await joinOrg(platform, owner, orgId, viewer, 'viewer');
    const pending = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: uniqueEmail('wanted'),
    });
    const path = `/api/v1/orgs/${orgId}/invitations`;

    for (const user of [member, viewer]) {
      const list = await user.api.get(path);
      expect(problem(list)).toEqual({
        status: 403,
        type: 'application/problem+json',
        code: 'platform.forbidden',
      });
      const revoke = await user.api.delete(`${path}/${pending.body.id}`);
      expect(problem(revoke)).toMatchObject({ status: 403, code: 'platform.forbidden' });
    }

    const other = await ownerOfNewOrg(platform, 'elsewhere');
    const foreign = await other.owner.api.post(`/api/v1/orgs/${other.orgId}/invitations`, {
      email: uniqueEmail('foreign'),
    });
    // Another organization's path, and another organization's invitation under my own.
    for (const res of [
      await owner.api.get(`/api/v1/orgs/${other.orgId}/invitations`),
      await owner.api.delete(`/api/v1/orgs/${other.orgId}/invitations/${foreign.body.id}`),
      await owner.api.delete(`${path}/${foreign.body.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(
      (await other.owner.api.get(`/api/v1/orgs/${other.orgId}/invitations`)).body.items,
    ).toHaveLength(1);

    // An admin lists and revokes.
    const seen = await admin.api.get(path);
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((i: { id: string }) => i.id)).toEqual([pending.body.id]);
    expect((await admin.api.delete(`${path}/${pending.body.id}`)).status).toBe(204);
  });

  it('answers malformed ids with 400 problems', async () => {
    const { owner, orgId } = await ownerOfNewOrg(platform, 'ids');
    for (const res of [
      await owner.api.get('/api/v1/orgs/not-a-uuid/invitations'),
      await owner.api.delete(`/api/v1/orgs/${orgId}/invitations/not-a-uuid`),
      await owner.api.delete('/api/v1/orgs/nope/invitations/also-nope'),
    ]) {
      expect(problem(res)).toEqual({
        status: 400,
        type: 'application/problem+json',
        code: 'gateway.invalid_id',
      });
    }
  });
});
