import { randomUUID } from 'node:crypto';
import { HttpClient, HttpResponse, Platform } from '@strata/testing';

/**
 * What an observer of an answer can compare: status, the whole body (but its instance path) and
 * Retry-After. Two answers that must not tell two cases apart are equal in this.
 */
export function comparableAnswer(res: HttpResponse) {
  const { instance: _instance, ...body } = (res.body ?? {}) as Record<string, unknown>;
  return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** The token in the verification link mailed to `email` (the newest such mail). */
export async function verificationToken(platform: Platform, email: string): Promise<string> {
  const mail = await platform.mail.waitFor(
    (m) => m.to.includes(email) && /Confirm your email/.test(m.subject),
  );
  const link = /https?:\/\/\S+\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!link) throw new Error(`no verification link in the mail to ${email}`);
  return link[1];
}

/** Signs up and verifies a fresh account through the public API. */
export async function signUpVerified(
  platform: Platform,
  email: string,
  password: string,
): Promise<void> {
  const api = new HttpClient(platform.gatewayUrl);
  const signUp = await api.post('/api/v1/auth/signup', { email, password });
  if (signUp.status !== 202) throw new Error(`sign-up answered ${signUp.status}: ${signUp.text}`);
  const token = await verificationToken(platform, email);
  const verify = await api.post('/api/v1/auth/email/verify', { token });
  if (verify.status !== 200) throw new Error(`verify answered ${verify.status}: ${verify.text}`);
}

export interface ApiSession {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

/** Logs in as an API client: tokens in the body. */
export async function apiLogin(
  platform: Platform,
  email: string,
  password: string,
  userAgent = 'e2e-api',
): Promise<ApiSession> {
  const api = new HttpClient(platform.gatewayUrl, { headers: { 'user-agent': userAgent } });
  const res = await api.post('/api/v1/auth/login', { email, password, client: 'api' });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${res.text}`);
  return res.body as ApiSession;
}

export const bearer = (platform: Platform, token: string) =>
  new HttpClient(platform.gatewayUrl).bearer(token);
