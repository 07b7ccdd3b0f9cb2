import { CookieJar } from './cookie-jar';
import { committedContract } from './openapi-contract';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are whatever the API sent; tests narrow them. */

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the content type says JSON (and it parses), otherwise the text; undefined when empty. */
  body: T;
  text: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
}

export interface HttpClientOptions {
  /** Sent with every request (per-request headers win). */
  headers?: Record<string, string>;
  /**
   * Double-submit CSRF: on unsafe methods in cookie mode, copy the value of
   * cookie `cookie` into header `header` (default x-csrf-token) unless given.
   */
  csrf?: { cookie: string; header?: string };
  /**
   * Check every answer from `/api/` against the committed OpenAPI document (default true): an
   * answer it does not allow makes the request throw a ContractViolation, failing the test.
   */
  contract?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A fetch-based API client for tests. In cookie mode (the default) it keeps a
 * cookie jar, like a browser talking to one origin; in bearer mode it sends
 * `Authorization: Bearer <token>` and no cookies. Redirects are not followed.
 *
 * Bodies given to get/post/put/patch/delete are sent as JSON (Uint8Array and
 * URLSearchParams are sent as they are); use raw() for anything else.
 */
export class HttpClient {
  readonly jar = new CookieJar();
  private token: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly options: HttpClientOptions = {},
  ) {}

  /** Switches to bearer mode with `token` (or back to cookie mode with undefined). Returns this client. */
  bearer(token: string | undefined): this {
    this.token = token;
    return this;
  }

  /** The value of a live cookie in the jar. */
  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  get<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.send<T>('GET', path, body, options);
  }

  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.send<T>('POST', path, body, options);
  }

  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.send<T>('PUT', path, body, options);
  }

  patch<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>> {
    return this.send<T>('PATCH', path, body, options);
  }

  delete<T = any>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>> {
    return this.send<T>('DELETE', path, body, options);
  }

  /**
   * Sends `init` as given (any bytes, any headers, any method); only the
   * cookies or bearer token (and the client's default headers, unless `init`
   * sets them) are added, and Set-Cookie is still stored.
   */
  async raw<T = any>(path: string, init: RequestInit = {}): Promise<HttpResponse<T>> {
    const url = this.resolve(path);
    const headers = new Headers(this.options.headers);
    new Headers(init.headers).forEach((value, name) => headers.set(name, value));
    const method = (init.method ?? 'GET').toUpperCase();
    this.authenticate(url, method, headers);
    const res = await fetch(url, { redirect: 'manual', ...init, headers });
    const response = await this.receive<T>(url, res);
    if (this.options.contract !== false && url.pathname.startsWith('/api/')) {
      const contract = await committedContract();
      contract.check(
        method,
        url.pathname,
        response.status,
        res.headers.get('content-type') ?? '',
        response.text,
      );
    }
    return response;
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = {};
    let payload: RequestInit['body'];
    if (body instanceof Uint8Array || body instanceof URLSearchParams) {
      payload = body;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    return this.raw<T>(path, {
      method,
      body: payload,
      headers: { accept: 'application/json', ...headers, ...options.headers },
    });
  }

  private authenticate(url: URL, method: string, headers: Headers): void {
    if (this.token !== undefined) {
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${this.token}`);
      return;
    }
    const cookies = this.jar.cookieHeader(url.pathname);
    if (cookies && !headers.has('cookie')) headers.set('cookie', cookies);
    const csrf = this.options.csrf;
    if (csrf && !SAFE_METHODS.has(method)) {
      const header = csrf.header ?? 'x-csrf-token';
      const value = this.jar.get(csrf.cookie);
      if (value !== undefined && !headers.has(header)) headers.set(header, value);
    }
  }

  private async receive<T>(url: URL, res: Response): Promise<HttpResponse<T>> {
    if (this.token === undefined) {
      for (const header of res.headers.getSetCookie()) this.jar.setCookie(header, url.pathname);
    }
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: parseBody(text, res.headers) as T,
      text,
    };
  }

  private resolve(path: string): URL {
    return /^https?:\/\//.test(path) ? new URL(path) : new URL(path, this.baseUrl);
  }
}

function parseBody(text: string, headers: Headers): unknown {
  if (text === '') return undefined;
  if (/\bjson\b|\+json/.test(headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      return text; // Not what it claimed to be; the test can look at `text`.
    }
  }
  return text;
}
