import createClient from 'openapi-fetch';
import { csrfToken, setCsrfToken } from './csrf-token';
import type { Problem } from './problem';
import type { paths } from './generated/strata';

const REFRESH_PATH = '/api/v1/auth/token/refresh';
const SESSION_ENDED = new Set(['auth.token_expired', 'auth.unauthenticated']);
/** A 401 from these is about the credentials sent, not an access token to refresh. */
const NO_REFRESH = new Set([REFRESH_PATH, '/api/v1/auth/login']);

/** This origin (the API is served with the pages); empty where there is no window (unit specs). */
export const origin = typeof window === 'undefined' ? '' : window.location.origin;

/**
 * The generated client without the refresh step, for the session's own calls (a fresh CSRF
 * token, a token refresh): the CSRF header is still sent and a rejected token replaced once.
 */
const sessionApi = createClient<paths>({
  baseUrl: origin,
  fetch: requestWithCsrfRetry,
});

export function asProblem(status: number, payload: unknown): Problem {
  const p = (payload ?? {}) as Partial<Problem>;
  return {
    status,
    code: typeof p.code === 'string' ? p.code : `http.${status}`,
    title: p.title,
    detail:
      typeof p.detail === 'string' ? p.detail : `The server answered ${status}. Please try again.`,
    errors: Array.isArray(p.errors) ? p.errors : undefined,
  };
}

export function retryAfter(res: Response): number | null {
  const header = res.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time; true when the session has fresh tokens. */
function refreshSession(): Promise<boolean> {
  refreshing ??= sessionApi
    .POST('/api/v1/auth/token/refresh', { body: {} })
    .then(({ data }) => {
      if (!data || !('csrfToken' in data)) return false;
      setCsrfToken(data.csrfToken);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** The problem code of a refused answer, read from a copy (the caller still reads the body). */
async function problemCode(res: Response): Promise<string | null> {
  if (res.ok) return null;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { code?: unknown } | null;
  return typeof body?.code === 'string' ? body.code : null;
}

async function sendRequest(request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set('accept', 'application/json');
  const token = csrfToken();
  if (request.method !== 'GET' && token) headers.set('x-csrf-token', token);
  return fetch(new Request(request.clone(), { headers, credentials: 'same-origin' }));
}

async function requestWithCsrfRetry(request: Request): Promise<Response> {
  const res = await sendRequest(request);
  if (res.status !== 403 || (await problemCode(res)) !== 'gateway.csrf_invalid') return res;
  const { data } = await sessionApi.GET('/api/v1/auth/csrf');
  if (!data) return res;
  setCsrfToken(data.csrfToken);
  return sendRequest(request);
}

/**
 * `fetch` for the generated client (openapi-fetch), with the session rules: the session cookies
 * (same origin), X-CSRF-Token on unsafe methods, a rejected CSRF token replaced once
 * (GET /api/v1/auth/csrf) and the call retried, an expired or missing access token refreshed
 * once and the call retried.
 */
export async function fetchWithSession(request: Request): Promise<Response> {
  const res = await requestWithCsrfRetry(request);
  if (res.status !== 401) return res;
  const code = await problemCode(res);
  const path = new URL(request.url).pathname;
  if (!code || !SESSION_ENDED.has(code) || NO_REFRESH.has(path)) return res;
  if (!(await refreshSession())) return res;
  return requestWithCsrfRetry(request);
}
