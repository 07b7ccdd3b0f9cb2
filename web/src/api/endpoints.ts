import { setCsrfToken } from './csrf-token';
import { answer, done, typedApi } from './typed-client';

export const signUp = (email: string, password: string) =>
  answer(typedApi.POST('/api/v1/auth/signup', { body: { email, password } }));

export const verifyEmail = (token: string) =>
  answer(typedApi.POST('/api/v1/auth/email/verify', { body: { token } }));

export const resendVerification = (email: string) =>
  answer(typedApi.POST('/api/v1/auth/email/resend', { body: { email } }));

export const requestPasswordReset = (email: string) =>
  answer(typedApi.POST('/api/v1/auth/password/reset-request', { body: { email } }));

export async function resetPassword(token: string, password: string): Promise<void> {
  await answer(typedApi.POST('/api/v1/auth/password/reset', { body: { token, password } }));
  setCsrfToken(null);
}

/** Without a password: right after a fresh Google sign-in (`/api/v1/auth/google/reauth`). */
export async function deleteAccount(password?: string): Promise<void> {
  await done(
    typedApi.POST('/api/v1/me/delete', { body: password === undefined ? {} : { password } }),
  );
  setCsrfToken(null);
}

/** A browser sign-in answers the session's CSRF token (the tokens themselves are cookies). */
function keepCsrfToken(tokens: { csrfToken?: string } | object): void {
  if ('csrfToken' in tokens && typeof tokens.csrfToken === 'string') {
    setCsrfToken(tokens.csrfToken);
  }
}

export async function logIn(email: string, password: string): Promise<void> {
  keepCsrfToken(
    await answer(
      typedApi.POST('/api/v1/auth/login', { body: { email, password, client: 'browser' } }),
    ),
  );
}

export async function logOut(): Promise<void> {
  try {
    await done(typedApi.POST('/api/v1/auth/logout'));
  } finally {
    setCsrfToken(null);
  }
}

export const getMe = () => answer(typedApi.GET('/api/v1/me'));
export type Me = Awaited<ReturnType<typeof getMe>>;

export const listSessions = () => answer(typedApi.GET('/api/v1/me/sessions')).then((r) => r.items);
export type Session = Awaited<ReturnType<typeof listSessions>>[number];

export const revokeSession = (id: string) =>
  done(typedApi.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } }));

export const revokeOtherSessions = () => answer(typedApi.DELETE('/api/v1/me/sessions'));

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  keepCsrfToken(
    await answer(typedApi.POST('/api/v1/me/password', { body: { currentPassword, newPassword } })),
  );
}
