import { csrfToken, setCsrfToken } from './csrf-token';
import { ApiError, type Problem } from './problem';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const REFRESH_PATH = '/api/v1/auth/token/refresh';
const SESSION_ENDED = new Set(['auth.token_expired', 'auth.unauthenticated']);
/** A 401 from these is about the credentials sent, not an access token to refresh. */
const NO_REFRESH = new Set([REFRESH_PATH, '/api/v1/auth/login']);

/**
 * Calls the API at this origin with the session cookies. Unsafe methods carry X-CSRF-Token. An
 * expired or missing access token is refreshed once and the call retried; a rejected CSRF token
 * is replaced once (GET /api/v1/auth/csrf) and the call retried.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  try {
    return await withCsrfRetry<T>(method, path, body);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !SESSION_ENDED.has(error.code)) {
      throw error;
    }
    if (NO_REFRESH.has(path) || !(await refreshSession())) throw error;
    return withCsrfRetry<T>(method, path, body);
  }
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time; true when the session has fresh tokens. */
function refreshSession(): Promise<boolean> {
  refreshing ??= withCsrfRetry<{ csrfToken: string }>('POST', REFRESH_PATH, {})
    .then((reply) => {
      setCsrfToken(reply.csrfToken);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function withCsrfRetry<T>(method: Method, path: string, body: unknown): Promise<T> {
  try {
    return await send<T>(method, path, body);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'gateway.csrf_invalid') throw error;
    const fresh = await send<{ csrfToken: string }>('GET', '/api/v1/auth/csrf');
    setCsrfToken(fresh.csrfToken);
    return send<T>(method, path, body);
  }
}

async function send<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'web.network',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (res.status === 204) return undefined as T;
  // A download (a kubeconfig's YAML) is handed over as text.
  if (res.ok && !/json/.test(res.headers.get('content-type') ?? '')) return (await res.text()) as T;
  const payload: unknown = await res.json().catch(() => null);
  if (res.ok) return payload as T;
  throw new ApiError(asProblem(res.status, payload), retryAfter(res));
}

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
  const fresh = await send<{ csrfToken: string }>('GET', '/api/v1/auth/csrf');
  setCsrfToken(fresh.csrfToken);
  return sendRequest(request);
}

/**
 * `fetch` for the generated client (openapi-fetch): the same session rules as `api` (the CSRF
 * header on unsafe methods, a rejected CSRF token replaced once, an expired access token
 * refreshed once), on Requests and Responses.
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
