import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { ReplyData } from '@strata/messaging';
import { setAccessCookie, setAuthCookies } from './auth-cookies';
import { CsrfProtection } from './csrf-protection';

type TokenPair = ReplyData<'auth.session.login'>;

/**
 * Hands new tokens to the client: browsers get cookies (and a CSRF token for the new session) and
 * never see the refresh token; API clients get both tokens in the body.
 */
@Injectable()
export class TokenResponse {
  constructor(private readonly csrf: CsrfProtection) {}

  /** Hands over a reissued access token (same session, fresh claims) the same way. */
  sendAccess(reply: ReplyData<'auth.session.reissue'>, delivery: 'browser' | 'api', res: Response) {
    const expiresAt = timestampDate(reply.accessTokenExpiresAt!);
    if (delivery === 'browser') setAccessCookie(res, reply.accessToken, expiresAt);
    return {
      ...(delivery === 'api' ? { tokenType: 'Bearer', accessToken: reply.accessToken } : {}),
      accessTokenExpiresAt: expiresAt.toISOString(),
    };
  }

  send(pair: TokenPair, delivery: 'browser' | 'api', req: Request, res: Response) {
    const tokens = {
      accessToken: pair.accessToken,
      accessTokenExpiresAt: timestampDate(pair.accessTokenExpiresAt!),
      refreshToken: pair.refreshToken,
      refreshTokenExpiresAt: timestampDate(pair.refreshTokenExpiresAt!),
      sessionId: pair.sessionId,
    };
    if (delivery === 'api') {
      return {
        tokenType: 'Bearer',
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
        refreshToken: tokens.refreshToken,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
        sessionId: tokens.sessionId,
      };
    }
    setAuthCookies(res, tokens);
    return {
      sessionId: tokens.sessionId,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
      csrfToken: this.csrf.issue(req, res, tokens.sessionId),
    };
  }
}
