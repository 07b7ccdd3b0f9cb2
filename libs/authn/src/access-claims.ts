/** What an access token says about its bearer, after verification. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session (refresh-token family) id. */
  sid: string;
  email: string;
  /** Whether the email address has been verified. */
  ev: boolean;
  /** Username, active organization id, role in it, platform admin (from the accounts service). */
  username?: string;
  org?: string;
  role?: string;
  adm?: boolean;
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_ALG = 'EdDSA';
