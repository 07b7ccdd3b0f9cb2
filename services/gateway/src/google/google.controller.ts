import { Controller, Get, Logger, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Api } from '../openapi/api.decorator';
import type { Request, Response } from 'express';
import { DomainError } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { TokenResponse } from '../auth/token-response';
import { clientInfo } from '../http/client-info';
import { GoogleOAuth, GoogleOutcome } from './google-oauth';
import { OAuthStateCookie } from './oauth-state-cookie';

/** Codes from auth that the sign-in page explains; anything else is `auth.google_failed`. */
const PASSED_THROUGH = new Set([
  'auth.google_email_unverified',
  'auth.google_account_conflict',
  'auth.account_disabled',
]);

/**
 * Google sign-in for browsers. Every ending is a redirect: to the web app with the session
 * cookies set, or to the sign-in page with `?error=<code>`; never an error page.
 */
@ApiTags('auth')
@Controller('api/v1/auth/google')
export class GoogleController {
  private readonly logger = new Logger(GoogleController.name);

  constructor(
    private readonly google: GoogleOAuth,
    private readonly rpc: RpcClient,
    private readonly tokens: TokenResponse,
  ) {}

  @Get()
  @Api({
    summary: 'Start Google sign-in: redirects to Google (state and PKCE)',
    status: 302,
    headers: { Location: "Google's authorization endpoint" },
    errors: ['gateway.google_disabled'],
  })
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.google.assertEnabled();
    res.setHeader('Cache-Control', 'no-store');
    const outcome = await this.google.authenticate(req, res);
    if (outcome.kind === 'responded') return;
    // Without a code in the query the strategy only redirects; anything else is a failure.
    if (outcome.kind !== 'identity') this.logFailure(outcome);
    this.toSignIn(res, 'auth.google_failed');
  }

  @Get('reauth')
  @UseGuards(AccessTokenGuard)
  @Api({
    summary:
      'Signed in: sign in with Google again (prompt=login, max_age=0) to confirm an account ' +
      'deletion without a password',
    status: 302,
    headers: { Location: "Google's authorization endpoint, or /?reauth=failed" },
    errors: ['gateway.google_disabled'],
  })
  async reauth(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.google.assertEnabled();
    res.setHeader('Cache-Control', 'no-store');
    OAuthStateCookie.markReauth(req, { u: principal.userId, s: principal.sessionId });
    const outcome = await this.google.authenticate(req, res, { prompt: 'login', maxAge: 0 });
    if (outcome.kind === 'responded') return;
    if (outcome.kind !== 'identity') this.logFailure(outcome);
    res.redirect(302, '/?reauth=failed');
  }

  @Get('callback')
  @Api({
    summary: 'Where Google sends the browser back: signs in, then redirects to the web app',
    description:
      'Every ending is a redirect: to / signed in, to /?reauth=google or /?reauth=failed after a ' +
      're-authentication, or to /login?error=<code> with one of auth.google_state_mismatch, ' +
      'auth.google_denied, auth.google_failed, auth.google_email_unverified, ' +
      'auth.google_account_conflict, auth.account_disabled.',
    status: 302,
    headers: { Location: 'The web app: /, /?reauth=…, or /login?error=<code>' },
    errors: ['gateway.google_disabled'],
  })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.google.assertEnabled();
    res.setHeader('Cache-Control', 'no-store');
    const error = req.query.error;
    if (error !== undefined || typeof req.query.code !== 'string') {
      // Google refused or the user cancelled (access_denied); or a request that is no callback.
      OAuthStateCookie.clear(res);
      const denied = error === 'access_denied';
      this.logger.warn(
        { googleError: typeof error === 'string' ? error.slice(0, 64) : undefined },
        'Google sign-in not completed',
      );
      return this.toSignIn(res, denied ? 'auth.google_denied' : 'auth.google_failed');
    }

    const outcome = await this.google.authenticate(req, res);
    if (outcome.kind === 'responded') return;
    if (outcome.kind !== 'identity') {
      this.logFailure(outcome);
      const mismatch = outcome.kind === 'failed' && outcome.info?.reason === 'state_mismatch';
      return this.toSignIn(res, mismatch ? 'auth.google_state_mismatch' : 'auth.google_failed');
    }

    const { identity } = outcome;
    const reauth = OAuthStateCookie.reauthOf(req);
    if (reauth) return this.finishReauth(res, reauth, identity.sub);
    try {
      const pair = await this.rpc.request('auth.google.signin', {
        googleSub: identity.sub,
        email: identity.email,
        emailVerified: identity.emailVerified,
        ...clientInfo(req),
      });
      this.tokens.send(pair, 'browser', req, res);
      res.redirect(302, '/');
    } catch (caught) {
      const code =
        caught instanceof DomainError && PASSED_THROUGH.has(caught.code)
          ? caught.code
          : 'auth.google_failed';
      if (code === 'auth.google_failed')
        this.logger.error({ err: caught }, 'Google sign-in failed');
      else this.logger.warn({ code }, 'Google sign-in refused');
      this.toSignIn(res, code);
    }
  }

  /** The account page, told whether Google confirmed the user (`?reauth=google`) or not. */
  private async finishReauth(
    res: Response,
    reauth: { u: string; s: string },
    googleSub: string,
  ): Promise<void> {
    try {
      await this.rpc.request('auth.google.reauth', {
        userId: reauth.u,
        sessionId: reauth.s,
        googleSub,
      });
      res.redirect(302, '/?reauth=google');
    } catch (caught) {
      this.logger.warn(
        { code: caught instanceof DomainError ? caught.code : 'unknown' },
        'Google re-authentication refused',
      );
      res.redirect(302, '/?reauth=failed');
    }
  }

  private toSignIn(res: Response, code: string): void {
    res.redirect(302, `/login?error=${encodeURIComponent(code)}`);
  }

  /** The failure's kind and OAuth error code only: never the authorization code or a token. */
  private logFailure(outcome: Exclude<GoogleOutcome, { kind: 'identity' | 'responded' }>): void {
    if (outcome.kind === 'failed') {
      this.logger.warn(
        { reason: outcome.info?.reason ?? 'unknown' },
        outcome.info?.message ?? 'Google sign-in failed',
      );
      return;
    }
    const error = outcome.error as { name?: unknown; code?: unknown; message?: unknown };
    this.logger.warn(
      {
        error: {
          name: String(error?.name ?? 'unknown'),
          code: typeof error?.code === 'string' ? error.code : undefined,
          message: typeof error?.message === 'string' ? error.message.slice(0, 200) : undefined,
        },
      },
      'Google sign-in failed at Google',
    );
  }
}
