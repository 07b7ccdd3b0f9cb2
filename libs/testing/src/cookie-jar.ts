/**
 * A minimal RFC 6265 cookie jar for one origin: stores `Set-Cookie` name=value
 * with its Path, forgets a cookie on `Max-Age<=0` or a past `Expires`, and
 * sends a cookie only to request paths inside its Path. Secure/HttpOnly/SameSite
 * are recorded but do not stop sending (tests talk plain HTTP to 127.0.0.1).
 */

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms after which the cookie is gone; undefined for a session cookie. */
  expiresAt?: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies one Set-Cookie header value received for a request to `requestPath`. */
  setCookie(header: string, requestPath = '/'): void {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return; // Nameless cookies are ignored.
    const name = pair.slice(0, eq).trim();
    const value = stripQuotes(pair.slice(eq + 1).trim());
    const cookie: StoredCookie = {
      name,
      value,
      path: defaultPath(requestPath),
      secure: false,
      httpOnly: false,
    };
    let maxAge: number | undefined;
    let expires: number | undefined;
    for (const attribute of attributes) {
      const i = attribute.indexOf('=');
      const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
      const val = i < 0 ? '' : attribute.slice(i + 1).trim();
      switch (key) {
        case 'path':
          if (val.startsWith('/')) cookie.path = val;
          break;
        case 'max-age':
          if (/^-?\d+$/.test(val)) maxAge = Number(val);
          break;
        case 'expires': {
          const t = Date.parse(val);
          if (!Number.isNaN(t)) expires = t;
          break;
        }
        case 'secure':
          cookie.secure = true;
          break;
        case 'httponly':
          cookie.httpOnly = true;
          break;
        case 'samesite':
          cookie.sameSite = val;
          break;
      }
    }
    // Max-Age wins over Expires (RFC 6265 5.3 step 3).
    if (maxAge !== undefined) cookie.expiresAt = maxAge <= 0 ? 0 : this.now() + maxAge * 1000;
    else if (expires !== undefined) cookie.expiresAt = expires;

    const key = `${cookie.name}\u0000${cookie.path}`;
    if (cookie.expiresAt !== undefined && cookie.expiresAt <= this.now()) this.cookies.delete(key);
    else this.cookies.set(key, cookie);
  }

  /** The `Cookie` header for a request to `requestPath` (longer paths first), or undefined. */
  cookieHeader(requestPath: string): string | undefined {
    const sendable = this.list()
      .filter((c) => pathMatches(requestPath, c.path))
      .sort((a, b) => b.path.length - a.path.length);
    return sendable.length ? sendable.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** The value of a live cookie called `name` (the one with the longest Path if several). */
  get(name: string): string | undefined {
    return this.list()
      .filter((c) => c.name === name)
      .sort((a, b) => b.path.length - a.path.length)[0]?.value;
  }

  /** Live cookies. */
  list(): StoredCookie[] {
    const now = this.now();
    for (const [key, c] of this.cookies)
      if (c.expiresAt !== undefined && c.expiresAt <= now) this.cookies.delete(key);
    return [...this.cookies.values()];
  }

  delete(name: string): void {
    for (const [key, c] of this.cookies) if (c.name === name) this.cookies.delete(key);
  }

  clear(): void {
    this.cookies.clear();
  }
}

/** RFC 6265 5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = requestPath.split('?')[0] || '/';
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/';
}

/** RFC 6265 5.1.4 default-path: the request path up to (not including) its last '/'. */
function defaultPath(requestPath: string): string {
  const path = requestPath.split('?')[0];
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

function stripQuotes(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}
