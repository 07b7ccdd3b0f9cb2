import { api } from './client';
import { setCsrfToken } from './csrf-token';
import type { Role } from './roles';

export interface Me {
  id: string;
  email: string;
  emailVerified: boolean;
  createdAt: string;
  sessionId: string;
  username: string;
  activeOrg: { id: string; name: string } | null;
  role: Role | null;
  platformAdmin: boolean;
}

export interface Session {
  id: string;
  userAgent: string;
  ip: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

interface BrowserTokens {
  sessionId: string;
  accessTokenExpiresAt: string;
  csrfToken: string;
}

export const signUp = (email: string, password: string) =>
  api<{ status: string; message: string }>('POST', '/api/v1/auth/signup', { email, password });

export const verifyEmail = (token: string) =>
  api<{ status: string }>('POST', '/api/v1/auth/email/verify', { token });

export const resendVerification = (email: string) =>
  api<{ status: string; message: string }>('POST', '/api/v1/auth/email/resend', { email });

export const requestPasswordReset = (email: string) =>
  api<{ status: string; message: string }>('POST', '/api/v1/auth/password/reset-request', {
    email,
  });

export async function resetPassword(token: string, password: string): Promise<void> {
  await api<{ status: string }>('POST', '/api/v1/auth/password/reset', { token, password });
  setCsrfToken(null);
}

/** Without a password: right after a fresh Google sign-in (`/api/v1/auth/google/reauth`). */
export async function deleteAccount(password?: string): Promise<void> {
  await api<void>('POST', '/api/v1/me/delete', password === undefined ? {} : { password });
  setCsrfToken(null);
}

export async function logIn(email: string, password: string): Promise<void> {
  const tokens = await api<BrowserTokens>('POST', '/api/v1/auth/login', {
    email,
    password,
    client: 'browser',
  });
  setCsrfToken(tokens.csrfToken);
}

export async function logOut(): Promise<void> {
  try {
    await api<void>('POST', '/api/v1/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export const getMe = () => api<Me>('GET', '/api/v1/me');

export const listSessions = () =>
  api<{ items: Session[] }>('GET', '/api/v1/me/sessions').then((r) => r.items);

export const revokeSession = (id: string) =>
  api<void>('DELETE', `/api/v1/me/sessions/${encodeURIComponent(id)}`);

export const revokeOtherSessions = () =>
  api<{ revokedCount: number }>('DELETE', '/api/v1/me/sessions');

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const tokens = await api<BrowserTokens>('POST', '/api/v1/me/password', {
    currentPassword,
    newPassword,
  });
  setCsrfToken(tokens.csrfToken);
}
