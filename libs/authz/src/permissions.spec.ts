import { can, canAssignRole, PERMISSIONS } from './permissions';
import { ROLES } from './roles';

describe('the permission matrix', () => {
  it('lets every role read, and only viewers do nothing else', () => {
    for (const role of ROLES) expect(can(role, 'org.read')).toBe(true);
    const viewerCan = Object.keys(PERMISSIONS).filter((p) =>
      can('viewer', p as keyof typeof PERMISSIONS),
    );
    expect(viewerCan.every((p) => p.endsWith('.read'))).toBe(true);
  });

  it('keeps cluster creation, deletion, changes and kubeconfigs and cloud-account management to admins and owners', () => {
    for (const permission of [
      'clusters.create',
      'clusters.delete',
      'clusters.change',
      'clusters.access',
      'cloud_accounts.manage',
    ] as const) {
      expect(ROLES.filter((role) => can(role, permission))).toEqual(['owner', 'admin']);
    }
  });

  it('shows and revokes pending invitations to admins and owners only, like inviting', () => {
    for (const permission of ['invitations.read', 'invitations.revoke'] as const) {
      expect(ROLES.filter((role) => can(role, permission))).toEqual(
        ROLES.filter((role) => can(role, 'members.invite')),
      );
      expect(ROLES.filter((role) => can(role, permission))).toEqual(['owner', 'admin']);
    }
  });

  it('lets admins and owners manage apps and read their credentials; every role reads apps', () => {
    for (const permission of ['apps.manage', 'apps.credentials'] as const)
      expect(ROLES.filter((role) => can(role, permission))).toEqual(['owner', 'admin']);
    expect(ROLES.filter((role) => can(role, 'apps.read'))).toEqual([...ROLES]);
  });

  it('refuses everything to a caller without a role', () => {
    expect(can(undefined, 'org.read')).toBe(false);
  });

  it('lets only owners touch the owner role', () => {
    expect(canAssignRole('owner', 'member', 'owner')).toBe(true);
    expect(canAssignRole('owner', 'owner', 'admin')).toBe(true);
    expect(canAssignRole('admin', 'member', 'viewer')).toBe(true);
    expect(canAssignRole('admin', 'member', 'owner')).toBe(false);
    expect(canAssignRole('admin', 'owner', 'member')).toBe(false);
    expect(canAssignRole('admin', 'owner', undefined)).toBe(false);
    expect(canAssignRole('member', 'viewer', 'member')).toBe(false);
  });
});
