import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier } from '@strata/authn';
import { principalFrom } from '@strata/authz';
import { unauthorized } from '@strata/errors';
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
    switch (this.denylist.refusal(claims)) {
      case 'session_revoked':
        throw unauthorized('auth.session_revoked', 'This session has ended; sign in again.');
      case 'claims_stale':
        // Routes that mint a fresh token (switching organizations) accept a stale one.
        if (this.reflector.get<boolean>(ALLOW_STALE_CLAIMS, ctx.getHandler())) break;
        throw unauthorized('auth.token_expired', 'Your role has changed; refresh the token.');
    }
    req.principal = { ...principalFrom(claims, token), via };
    return true;
  }
}
