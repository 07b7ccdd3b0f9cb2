/**
 * The CSRF token for cookie-authenticated unsafe requests. Kept in memory and in sessionStorage
 * (so a reload in the same tab keeps it); GET /api/v1/auth/csrf issues a fresh one when lost.
 */
const KEY = 'strata.csrfToken';
let current: string | null = readStored();

function readStored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function csrfToken(): string | null {
  return current;
}

export function setCsrfToken(token: string | null): void {
  current = token;
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage can be unavailable (private modes); memory still holds the token.
  }
}
