import { HttpClient, Platform } from '@strata/testing';
import { apiLogin, bearer, signUpVerified, uniqueEmail } from './accounts';

export const PASSWORD = 'strata-orgs-password-1';

export interface TestUser {
  email: string;
  userId: string;
  sessionId: string;
  accessToken: string;
  api: HttpClient;
}

/** The claims of an access token (the tests read them; the services verify them). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** A verified user logged in as an API client. */
export async function newUser(platform: Platform, label: string): Promise<TestUser> {
  const email = uniqueEmail(label);
  await signUpVerified(platform, email, PASSWORD);
  const session = await apiLogin(platform, email, PASSWORD);
  return {
    email,
    userId: claimsOf(session.accessToken).sub as string,
    sessionId: session.sessionId,
    accessToken: session.accessToken,
    api: bearer(platform, session.accessToken),
  };
}

/** Makes `orgId` the user's active organization and uses the new access token from then on. */
export async function switchTo(platform: Platform, user: TestUser, orgId: string) {
  const res = await user.api.post(`/api/v1/orgs/${orgId}/switch`, {});
  if (res.status !== 200) throw new Error(`switch answered ${res.status}: ${res.text}`);
  user.accessToken = res.body.accessToken;
  user.api = bearer(platform, user.accessToken);
  return res;
}

/** A new user who creates an organization (`<label> team`) and makes it active in their token. */
export async function ownerOfNewOrg(platform: Platform, label: string) {
  const owner = await newUser(platform, label);
  const created = await owner.api.post('/api/v1/orgs', { name: `${label} team` });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.text}`);
  await switchTo(platform, owner, created.body.id);
  return { owner, orgId: created.body.id as string };
}

/** `owner` invites `invitee` with `role`; the invitee accepts and switches to the organization. */
export async function joinOrg(
  platform: Platform,
  owner: TestUser,
  orgId: string,
  invitee: TestUser,
  role: string,
): Promise<void> {
  const invited = await owner.api.post(`/api/v1/orgs/${orgId}/invitations`, {
    email: invitee.email,
    role,
  });
  if (invited.status !== 201)
    throw new Error(`invitation answered ${invited.status}: ${invited.text}`);
  const token = await invitationToken(platform, invitee.email);
  const accepted = await invitee.api.post('/api/v1/invitations/accept', { token });
  if (accepted.status !== 200)
    throw new Error(`accept answered ${accepted.status}: ${accepted.text}`);
  await switchTo(platform, invitee, orgId);
}

/** The token of the newest invitation mailed to `email`. */
export async function invitationToken(platform: Platform, email: string): Promise<string> {
  const mail = await platform.mail.waitFor(
    (m) => m.to.includes(email) && /invited you/.test(m.subject),
  );
  const link = /https?:\/\/\S+\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!link) throw new Error(`no invitation link in the mail to ${email}`);
  platform.mail.clear();
  return link[1];
}
