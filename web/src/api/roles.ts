/**
 * Roles and the part of the permission matrix the web client uses to decide which controls to
 * offer. The server decides (libs/authz/src/permissions.ts, docs/permissions.md); this mirror only
 * hides what would be refused, and the server's 403 is still shown if it comes.
 */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};

const PERMISSIONS = {
  'org.update': ['owner', 'admin'],
  'members.invite': ['owner', 'admin'],
  'members.role.change': ['owner', 'admin'],
  'members.remove': ['owner', 'admin'],
  'invitations.read': ['owner', 'admin'],
  'invitations.revoke': ['owner', 'admin'],
  'clusters.create': ['owner', 'admin'],
  'clusters.delete': ['owner', 'admin'],
  'clusters.operate': ['owner', 'admin', 'member'],
  'clusters.change': ['owner', 'admin'],
  'clusters.access': ['owner', 'admin'],
  'apps.manage': ['owner', 'admin'],
  'apps.credentials': ['owner', 'admin'],
  'cloud.manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Only an owner gives, changes or removes the owner role. */
export function canAssignRole(actor: Role | null | undefined, from: Role, to: Role): boolean {
  if (!can(actor, 'members.role.change')) return false;
  return actor === 'owner' || (from !== 'owner' && to !== 'owner');
}

/** The roles `actor` may hand out (in an invitation, or to a member whose role is `from`). */
export function assignableRoles(actor: Role | null | undefined, from?: Role): Role[] {
  return ROLES.filter((to) => canAssignRole(actor, from ?? 'member', to));
}
