import { DomainError } from '@strata/errors';
import { authorize } from './authorize';
import { Principal } from './principal';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 'u',
  sessionId: 's',
  email: 'a@example.com',
  emailVerified: true,
  orgId: 'org-a',
  role: 'member',
  platformAdmin: false,
  accessToken: 't',
  ...overrides,
});

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return `${(error as DomainError).status} ${(error as DomainError).code}`;
  }
};

describe('authorize', () => {
  it('allows what the role grants in the active organization', () => {
    expect(codeOf(() => authorize(principal(), 'clusters.operate', 'org-a'))).toBe('allowed');
  });

  it('answers 403 for what the role does not grant', () => {
    expect(codeOf(() => authorize(principal({ role: 'viewer' }), 'members.invite', 'org-a'))).toBe(
      '403 platform.forbidden',
    );
  });

  it("answers 404 for another organization's resources, whatever the role", () => {
    expect(codeOf(() => authorize(principal({ role: 'owner' }), 'org.read', 'org-b'))).toBe(
      '404 platform.not_found',
    );
  });

  it('keeps platform permissions to platform admins', () => {
    expect(codeOf(() => authorize(principal({ role: 'owner' }), 'platform.users.read'))).toBe(
      '403 platform.forbidden',
    );
    expect(
      codeOf(() => authorize(principal({ platformAdmin: true }), 'platform.users.disable')),
    ).toBe('allowed');
  });
});
