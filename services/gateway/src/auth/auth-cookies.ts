import type { CookieOptions, Response } from 'express';

export const ACCESS_COOKIE = '__Host-strata_at';
export const SESSION_COOKIE = '__Host-strata_sid';
/** `__Secure-` rather than `__Host-`: it is scoped to the refresh path, which `__Host-` forbids. */
export const REFRESH_COOKIE = '__Secure-strata_rt';
export const CSRF_COOKIE = '__Host-strata_csrf';
export const REFRESH_PATH = '/api/v1/auth/token/refresh';

export const AUTH_COOKIES = [ACCESS_COOKIE, SESSION_COOKIE, REFRESH_COOKIE];

const base: CookieOptions = { httpOnly: true, secure: true, sameSite: 'strict' };

export interface CookieTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  sessionId: string;
}

export function setAccessCookie(res: Response, accessToken: string, expiresAt: Date): void {
  res.cookie(ACCESS_COOKIE, accessToken, {
    ...base,
    path: '/',
    maxAge: expiresAt.getTime() - Date.now(),
  });
}

/** Browsers keep the tokens in HttpOnly cookies; the refresh token only goes to its own path. */
export function setAuthCookies(res: Response, tokens: CookieTokens): void {
  const refreshMs = tokens.refreshTokenExpiresAt.getTime() - Date.now();
  setAccessCookie(res, tokens.accessToken, tokens.accessTokenExpiresAt);
  res.cookie(SESSION_COOKIE, tokens.sessionId, { ...base, path: '/', maxAge: refreshMs });
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, {
    ...base,
    path: REFRESH_PATH,
    maxAge: refreshMs,
  });
}

export function clearAuthCookies(res: Response): void {
  res.clearCookie(ACCESS_COOKIE, { ...base, path: '/' });
  res.clearCookie(SESSION_COOKIE, { ...base, path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base, path: REFRESH_PATH });
  res.clearCookie(CSRF_COOKIE, { ...base, path: '/' });
}
