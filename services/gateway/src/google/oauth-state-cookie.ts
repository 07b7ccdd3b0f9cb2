import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';

export const OAUTH_COOKIE = '__Host-strata_oauth';
/** How long a browser has to come back from Google. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/**
 * SameSite=Lax, unlike the auth cookies: the callback is a top-level navigation from Google's
 * site, which does not carry Strict cookies. The cookie only binds the flow to this browser.
 */
const cookieOptions: CookieOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };

/** A re-authentication: the signed-in user and session that started it. */
export interface ReauthFor {
  u: string;
  s: string;
}

/** Set before a re-authentication flow starts; read after the callback's state was verified. */
const startingReauth = new WeakMap<Request, ReauthFor>();
const verifiedReauth = new WeakMap<Request, ReauthFor>();

interface StatePayload {
  /** The `state` sent to Google. */
  s: string;
  /** Present when the flow re-authenticates a signed-in user (not a sign-in). */
  r?: ReauthFor;
  /** The PKCE code verifier. */
  v?: string;
  /** Expiry, epoch ms. */
  e: number;
}

/** Why verification failed: the callback turns it into `auth.google_state_mismatch`. */
export interface StateFailure {
  reason: 'state_mismatch';
  message: string;
}

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (err: Error | null, ok: string | boolean, info?: StateFailure) => void;

/**
 * passport-oauth2 state store without server-side sessions: the state and the PKCE verifier live
 * in a short-lived HttpOnly cookie signed with HMAC-SHA-256 (a key derived from the gateway's
 * CSRF secret, so every replica agrees). The callback clears it: each state works once per
 * browser, and a callback without this browser's cookie, or with another state, is refused.
 */
export class OAuthStateCookie {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    // A key of its own, so a CSRF token can never pass for a state cookie or the reverse.
    this.key = createHmac('sha256', secret).update('strata oauth state cookie v1').digest();
  }

  /** passport-oauth2 calls it with five arguments (PKCE); the arity selects that form. */
  store(
    req: Request,
    verifier: string | undefined,
    _state: unknown,
    _meta: unknown,
    callback: StoreCallback,
  ): void {
    if (!req.res) return callback(new Error('no response to set the OAuth state cookie on'));
    const state = randomBytes(24).toString('base64url');
    const payload: StatePayload = {
      s: state,
      v: verifier,
      e: this.now() + OAUTH_STATE_TTL_MS,
      r: startingReauth.get(req),
    };
    req.res.cookie(OAUTH_COOKIE, this.seal(payload), {
      ...cookieOptions,
      maxAge: OAUTH_STATE_TTL_MS,
    });
    callback(null, state);
  }

  /** passport-oauth2 calls it with three arguments; `ok` is the PKCE verifier on success. */
  verify(req: Request, providedState: unknown, callback: VerifyCallback): void {
    const sealed: unknown = req.cookies?.[OAUTH_COOKIE];
    if (req.res) OAuthStateCookie.clear(req.res);
    const payload = typeof sealed === 'string' ? this.open(sealed) : undefined;
    const fail = (message: string) => callback(null, false, { reason: 'state_mismatch', message });
    if (!payload) return fail('no valid sign-in state cookie in this browser');
    if (payload.e <= this.now()) return fail('the sign-in state has expired');
    if (typeof providedState !== 'string' || !sameString(providedState, payload.s))
      return fail('the state returned does not match this browser');
    if (payload.r) verifiedReauth.set(req, payload.r);
    callback(null, payload.v ?? true);
  }

  /** The flow about to start for `req` re-authenticates this user and session. */
  static markReauth(req: Request, who: ReauthFor): void {
    startingReauth.set(req, who);
  }

  /** After the callback's state checked out: the re-authenticating user, or undefined. */
  static reauthOf(req: Request): ReauthFor | undefined {
    return verifiedReauth.get(req);
  }

  static clear(res: Response): void {
    res.clearCookie(OAUTH_COOKIE, cookieOptions);
  }

  seal(payload: StatePayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  open(sealed: string): StatePayload | undefined {
    const dot = sealed.indexOf('.');
    if (dot <= 0 || sealed.length > 1024) return undefined;
    const body = sealed.slice(0, dot);
    if (!sameString(sealed.slice(dot + 1), this.mac(body))) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
      if (typeof parsed.s !== 'string' || typeof parsed.e !== 'number') return undefined;
      if (parsed.v !== undefined && typeof parsed.v !== 'string') return undefined;
      if (
        parsed.r !== undefined &&
        (typeof parsed.r !== 'object' ||
          typeof parsed.r?.u !== 'string' ||
          typeof parsed.r?.s !== 'string')
      )
        return undefined;
      return parsed;
    } catch {
      return undefined; // Signed by us but unreadable: cannot happen unless the format changes.
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
