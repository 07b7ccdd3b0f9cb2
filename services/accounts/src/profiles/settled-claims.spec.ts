import type { ProfileWithActiveOrg } from './profile-reads.repository';
import { settledClaims } from './settled-claims';

const ORG = '3f1e7a4c-8d2b-4c1a-9e3f-1a2b3c4d5e6f';
const OTHER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const found: ProfileWithActiveOrg = {
  userId: '11111111-2222-4333-8444-555555555555',
  email: 'ada@example.com',
  username: 'ada',
  platformAdmin: false,
  disabledAt: null,
  createdAt: new Date('2026-12-01T00:00:00Z'),
  activeOrgId: ORG,
  activeOrgName: 'Acme',
  role: 'admin',
};
const adminIf = (emails: string[]) => (firstUser: boolean, email: string) =>
  firstUser || emails.includes(email);

describe('claims one read settles', () => {
  it('answers the active organization and role of an enabled member', () => {
    expect(settledClaims(found, 'ada@example.com', undefined, adminIf([]))).toEqual({
      username: 'ada',
      orgId: ORG,
      role: 'admin',
      platformAdmin: false,
    });
    expect(settledClaims(found, 'ada@example.com', ORG, adminIf([]))?.orgId).toBe(ORG);
  });

  it('decides platform admin as the service does (the first user, or a listed email)', () => {
    expect(
      settledClaims(found, 'ada@example.com', undefined, adminIf(['ada@example.com'])),
    ).toMatchObject({ platformAdmin: true });
    expect(
      settledClaims({ ...found, platformAdmin: true }, 'ada@example.com', undefined, adminIf([])),
    ).toMatchObject({ platformAdmin: true });
  });

  it('leaves to the locked path whatever must change or be refused', () => {
    const none = (p: ProfileWithActiveOrg | undefined, email = 'ada@example.com', org?: string) =>
      settledClaims(p, email, org, adminIf([]));
    expect(none(undefined)).toBeUndefined(); // no profile yet: it is made first
    expect(none({ ...found, disabledAt: new Date() })).toBeUndefined(); // refused there
    expect(none({ ...found, activeOrgId: null, activeOrgName: null, role: null })).toBeUndefined(); // left it
    expect(none(found, 'ada@example.com', OTHER)).toBeUndefined(); // switching organizations
    expect(none(found, 'ada@new.example')).toBeUndefined(); // the email changed
  });
});
