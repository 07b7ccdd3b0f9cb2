import { Role as ProtoRole } from '@strata/proto';

/** Roles in an organization, most powerful first. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

const TO_PROTO: Record<Role, ProtoRole> = {
  owner: ProtoRole.OWNER,
  admin: ProtoRole.ADMIN,
  member: ProtoRole.MEMBER,
  viewer: ProtoRole.VIEWER,
};

export const roleToProto = (role: Role): ProtoRole => TO_PROTO[role];

export function roleFromProto(role: ProtoRole): Role {
  const found = ROLES.find((name) => TO_PROTO[name] === role);
  if (!found) throw new Error(`unknown role ${role}`);
  return found;
}
