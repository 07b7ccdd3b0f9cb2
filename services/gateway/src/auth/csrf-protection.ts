import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import { forbidden } from '@strata/errors';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { sendProblem } from '../http/problem.filter';
import { AUTH_COOKIES, CSRF_COOKIE, SESSION_COOKIE } from './auth-cookies';

/**
 * Signed double-submit CSRF tokens (csrf-csrf) bound to the session id. Required on unsafe
 * methods whenever the request carries our auth cookies and no Authorization header: an API
 * client using Bearer tokens is not exposed to CSRF.
 */
@Injectable()
export class CsrfProtection {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.csrf = doubleCsrf({
      getSecret: () => config.CSRF_SECRET,
      getSessionIdentifier: (req) => req.cookies?.[SESSION_COOKIE] ?? '',
      cookieName: CSRF_COOKIE,
      cookieOptions: { httpOnly: true, secure: true, sameSite: 'strict', path: '/' },
      getCsrfTokenFromRequest: (req) => req.headers['x-csrf-token'],
      skipCsrfProtection: (req) =>
        Boolean(req.headers.authorization) || !AUTH_COOKIES.some((name) => req.cookies?.[name]),
    });
  }

  /** Issues a token for the session in `sessionId` (or the request's session cookie). */
  issue(req: Request, res: Response, sessionId?: string): string {
    if (sessionId) req.cookies = { ...req.cookies, [SESSION_COOKIE]: sessionId };
    return this.csrf.generateCsrfToken(req, res, { overwrite: true });
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    this.csrf.doubleCsrfProtection(req, res, (err?: unknown) => {
      if (err) {
        const problem = forbidden(
          'gateway.csrf_invalid',
          'A valid X-CSRF-Token header is required; get one from GET /api/v1/auth/csrf.',
        ).toProblem();
        sendProblem(res, req, problem);
        return;
      }
      next();
    });
  };
}
