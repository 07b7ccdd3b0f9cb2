import { Role } from './roles';

/**
 * The one permission matrix of the platform (documented in docs/permissions.md). Every service
 * and the gateway check it through `can`, from the role in the caller's access token.
 */
export const PERMISSIONS = {
  'org.read': ['owner', 'admin', 'member', 'viewer'],
  'org.update': ['owner', 'admin'],
  'org.delete': ['owner'],
  'members.read': ['owner', 'admin', 'member', 'viewer'],
  'members.invite': ['owner', 'admin'],
  'members.role.change': ['owner', 'admin'],
  'members.remove': ['owner', 'admin'],
  'invitations.read': ['owner', 'admin'],
  'invitations.revoke': ['owner', 'admin'],
  'audit.read': ['owner', 'admin'],
  'cloud_accounts.read': ['owner', 'admin', 'member', 'viewer'],
  'cloud_accounts.manage': ['owner', 'admin'],
  'clusters.read': ['owner', 'admin', 'member', 'viewer'],
  'clusters.create': ['owner', 'admin'],
  'clusters.delete': ['owner', 'admin'],
  'clusters.operate': ['owner', 'admin', 'member'],
  'clusters.change': ['owner', 'admin'],
  'clusters.access': ['owner', 'admin'],
  'apps.read': ['owner', 'admin', 'member', 'viewer'],
  'apps.manage': ['owner', 'admin'],
  'apps.credentials': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions that only platform admins hold, whatever their role in an organization. */
export const PLATFORM_PERMISSIONS = ['platform.users.read', 'platform.users.disable'] as const;
export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];

export type AnyPermission = Permission | PlatformPermission;

export function isPlatformPermission(permission: AnyPermission): permission is PlatformPermission {
  return (PLATFORM_PERMISSIONS as readonly string[]).includes(permission);
}

/** Whether a role grants a permission in its organization. */
export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Role changes have one more rule: only an owner may make someone an owner or change what an
 * owner is (an admin cannot promote to, demote from or remove the owner role).
 */
export function canAssignRole(actor: Role, from: Role | undefined, to: Role | undefined): boolean {
  if (!can(actor, 'members.role.change')) return false;
  if (actor === 'owner') return true;
  return from !== 'owner' && to !== 'owner';
}
