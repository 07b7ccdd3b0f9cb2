import type { AccessClaims } from '@strata/authn';
import { isRole, Role } from './roles';

/** Who is calling, from a verified access token. */
export interface Principal {
  userId: string;
  sessionId: string;
  email: string;
  emailVerified: boolean;
  username?: string;
  /** The active organization, and the caller's role in it. */
  orgId?: string;
  role?: Role;
  platformAdmin: boolean;
  /** The token itself, forwarded to services so each verifies it on its own. */
  accessToken: string;
}

export function principalFrom(claims: AccessClaims, accessToken: string): Principal {
  return {
    userId: claims.sub,
    sessionId: claims.sid,
    email: claims.email,
    emailVerified: claims.ev,
    username: claims.username,
    orgId: claims.org,
    role: isRole(claims.role) ? claims.role : undefined,
    platformAdmin: claims.adm === true,
    accessToken,
  };
}
