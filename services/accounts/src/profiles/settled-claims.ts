import type { Role } from '@strata/authz';
import type { ProfileWithActiveOrg } from './profile-reads.repository';
import { asRole } from './stored-role';

export interface ResolvedClaims {
  username: string;
  orgId: string;
  role: Role;
  platformAdmin: boolean;
}

/**
 * The claims of a login or a refresh when one read settles them (nearly every time): the profile
 * exists and is enabled, the user is still a member of its active organization, the organization
 * asked for (if any) is that one, and the email auth vouches for is the one stored. Otherwise
 * undefined: the caller takes the path that may change the profile (a new active organization,
 * the email, a personal organization for a user who left every one) under the profile's lock.
 */
export function settledClaims(
  found: ProfileWithActiveOrg | undefined,
  normalizedEmail: string,
  orgId: string | undefined,
  isPlatformAdmin: (firstUser: boolean, email: string) => boolean,
): ResolvedClaims | undefined {
  if (!found || found.disabledAt || !found.activeOrgId || !found.role) return undefined;
  if (orgId !== undefined && orgId !== found.activeOrgId) return undefined;
  if (found.email !== normalizedEmail) return undefined;
  return {
    username: found.username,
    orgId: found.activeOrgId,
    role: asRole(found.role),
    platformAdmin: isPlatformAdmin(found.platformAdmin, normalizedEmail),
  };
}
