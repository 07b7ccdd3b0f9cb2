import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier } from '@strata/authn';
import { principalFrom } from '@strata/authz';
import { notFound, unauthorized } from '@strata/errors';
import { ACCESS_COOKIE } from './auth-cookies';
import { AuthenticatedRequest } from './principal';
import { TokenDenylist } from './token-denylist';

/** The scheme name is case-insensitive (RFC 9110 11.1); the token is base64url with dots. */
const ALLOW_STALE_CLAIMS = 'strata:allow-stale-claims';

/** For routes whose purpose is to replace a token whose role claim went stale. */
export const AllowStaleClaims = () => SetMetadata(ALLOW_STALE_CLAIMS, true);

const BEARER = /^Bearer ([A-Za-z0-9_\-.=]+)$/i;

/** Accepts an access token as `Authorization: Bearer` or as the HttpOnly access cookie. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly denylist: TokenDenylist,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    let token: string | undefined;
    let via: 'bearer' | 'cookie' = 'bearer';
    if (header !== undefined) {
      token = BEARER.exec(header)?.[1];
      if (!token) throw unauthorized('auth.invalid_token', 'Use "Authorization: Bearer <token>".');
    } else {
      token = req.cookies?.[ACCESS_COOKIE];
      via = 'cookie';
    }
    if (!token) throw unauthorized('auth.unauthenticated', 'Sign in to continue.');
    const claims = await this.verifier.verify(token);
    let principal = { ...principalFrom(claims, token), via };
    switch (this.denylist.refusal(claims)) {
      case 'session_revoked':
        throw unauthorized('auth.session_revoked', 'This session has ended; sign in again.');
      case 'membership_ended':
        // The holder left or was removed: their former organization is not found for them (as
        // accounts answers); everything else (their profile, their other organizations) works.
        if (namedOrg(req.path) === claims.org)
          throw notFound('accounts.org_not_found', 'No such organization of yours.');
        principal = { ...principal, orgId: undefined, role: undefined };
        break;
      case 'claims_stale':
        // Routes that mint a fresh token (switching organizations) accept a stale one.
        if (this.reflector.get<boolean>(ALLOW_STALE_CLAIMS, ctx.getHandler())) break;
        // The client contract: refresh on auth.token_expired. The token is fresh, its role is not.
        throw unauthorized(
          'auth.token_expired',
          'Your role in this organization changed after this token was issued; refresh it.',
        );
    }
    req.principal = principal;
    return true;
  }
}

/** The organization a path is about (`/api/v1/orgs/{orgId}/…`), if any. */
function namedOrg(path: string): string | undefined {
  return /^\/api\/v1\/orgs\/([^/]+)/.exec(path)?.[1];
}
