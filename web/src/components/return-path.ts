/**
 * Where to come back to after signing in. Only a path on this origin is accepted ("/x", never
 * "//host" or "/\host"), so a crafted link cannot send the user elsewhere.
 */
const KEY = 'strata.returnTo';

export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null;
  }
  return value;
}

/** The sign-in page, told to come back to `returnTo`. */
export function loginPath(returnTo: string): string {
  const path = safeReturnPath(returnTo);
  return !path || path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}

/** Kept across the Google sign-in redirect, which always ends at "/". */
export function rememberReturnPath(path: string | null): void {
  try {
    if (safeReturnPath(path)) sessionStorage.setItem(KEY, path!);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Without storage the user simply lands on their account.
  }
}

export function takeReturnPath(): string | null {
  try {
    const path = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return safeReturnPath(path);
  } catch {
    return null;
  }
}
