import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import passport from 'passport';
import {
  Strategy as GoogleStrategy,
  type Profile,
  type StrategyOptions,
  type VerifyCallback,
} from 'passport-google-oauth20';
import type { StateStore } from 'passport-oauth2';
import { notFound } from '@strata/errors';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { OAuthStateCookie, type StateFailure } from './oauth-state-cookie';

export const GOOGLE_CALLBACK_PATH = '/api/v1/auth/google/callback';

/** What Google said about the user (from its userinfo endpoint). */
export interface GoogleIdentity {
  sub: string;
  email: string;
  emailVerified: boolean;
}

/** Why the strategy did not produce an identity. */
interface ProfileFailure {
  reason: 'no_email';
  message: string;
}

type FailureInfo = Partial<StateFailure | ProfileFailure>;

export type GoogleOutcome =
  | { kind: 'identity'; identity: GoogleIdentity }
  | { kind: 'failed'; info?: FailureInfo }
  | { kind: 'error'; error: unknown }
  | { kind: 'responded' };

/**
 * Google's server-side authorization-code flow through passport-google-oauth20, without sessions:
 * state and PKCE (S256) live in a signed cookie (OAuthStateCookie). Google's endpoints come from
 * the configuration, so tests can point them at a stand-in.
 */
@Injectable()
export class GoogleOAuth {
  private readonly passport = new passport.Passport();
  readonly enabled: boolean;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.enabled = Boolean(config.GOOGLE_CLIENT_ID);
    if (!this.enabled) return;
    const strategy = new HeaderTokenGoogleStrategy(
      {
        clientID: config.GOOGLE_CLIENT_ID!,
        clientSecret: config.GOOGLE_CLIENT_SECRET!,
        callbackURL: new URL(GOOGLE_CALLBACK_PATH, config.PUBLIC_URL).toString(),
        authorizationURL: config.GOOGLE_AUTH_URL,
        tokenURL: config.GOOGLE_TOKEN_URL,
        userProfileURL: config.GOOGLE_USERINFO_URL,
        scope: ['openid', 'email'],
        state: true,
        pkce: true,
        // The typings know only the session-style store(req, cb); passport-oauth2 picks the
        // five-argument PKCE form by the function's arity, which is what OAuthStateCookie has.
        store: new OAuthStateCookie(config.CSRF_SECRET) as unknown as StateStore,
      },
      (_accessToken: string, _refreshToken: string, profile: Profile, done: VerifyDone) =>
        identityOf(profile, done),
    );
    this.passport.use('google', strategy);
  }

  /** 404 `gateway.google_disabled` unless GOOGLE_CLIENT_ID is configured. */
  assertEnabled(): void {
    if (!this.enabled)
      throw notFound('gateway.google_disabled', 'Google sign-in is not enabled on this server.');
  }

  /**
   * Runs the strategy: without `code` in the query it redirects to Google (`responded`); with one
   * it checks the state, exchanges the code (with the PKCE verifier) and reads the userinfo.
   */
  authenticate(
    req: Request,
    res: Response,
    options: { prompt?: 'login'; maxAge?: number } = {},
  ): Promise<GoogleOutcome> {
    return new Promise<GoogleOutcome>((resolve) => {
      // The strategy answered itself (the redirect to Google), or the browser went away.
      res.once('finish', () => resolve({ kind: 'responded' }));
      res.once('close', () => resolve({ kind: 'responded' }));
      const middleware = this.passport.authenticate(
        'google',
        { session: false, ...options },
        (error: unknown, identity: GoogleIdentity | false, info?: FailureInfo) => {
          if (error) resolve({ kind: 'error', error });
          else if (identity) resolve({ kind: 'identity', identity });
          else resolve({ kind: 'failed', info });
        },
      ) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
      middleware(req, res, (error?: unknown) => resolve({ kind: 'error', error }));
    });
  }
}

/** Sends the access token to userinfo in the Authorization header rather than in the URL. */
class HeaderTokenGoogleStrategy extends GoogleStrategy {
  constructor(
    options: StrategyOptions,
    verify: (accessToken: string, refreshToken: string, profile: Profile, done: VerifyDone) => void,
  ) {
    super(options, verify);
    this._oauth2.useAuthorizationHeaderforGET(true);
  }

  /** Adds OpenID Connect's `max_age` (re-authentication) to what passport-google-oauth20 sends. */
  override authorizationParams(options: { maxAge?: number }): object {
    const params = super.authorizationParams(options) as Record<string, string>;
    if (options.maxAge !== undefined) params.max_age = String(options.maxAge);
    return params;
  }
}

type VerifyDone = VerifyCallback;

/** Google's userinfo (`sub`, `email`, `email_verified`) as an identity; no email, no identity. */
function identityOf(profile: Profile, done: VerifyDone): void {
  const json = (profile._json ?? {}) as Record<string, unknown>;
  const sub = typeof json.sub === 'string' ? json.sub : profile.id;
  const email = typeof json.email === 'string' ? json.email : undefined;
  if (!sub || !email) {
    return done(null, false, { reason: 'no_email', message: 'Google returned no email address' });
  }
  // Google sends a boolean; older responses carried the string "true".
  const emailVerified = json.email_verified === true || json.email_verified === 'true';
  done(null, { sub, email, emailVerified });
}
