import type { Request, Response } from 'express';
import { OAUTH_COOKIE, OAUTH_STATE_TTL_MS, OAuthStateCookie } from './oauth-state-cookie';

const SECRET = 'x'.repeat(48);

const flipLast = (text: string) => text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');

/** A request/response pair that records cookies as Express would set and clear them. */
function exchange(cookies: Record<string, string> = {}) {
  const set: Record<string, { value: string; options: unknown }> = {};
  const cleared: string[] = [];
  const res = {
    cookie: (name: string, value: string, options: unknown) => (set[name] = { value, options }),
    clearCookie: (name: string) => cleared.push(name),
  } as unknown as Response;
  const req = { cookies, res } as unknown as Request;
  return { req, set, cleared };
}

function store(cookieStore: OAuthStateCookie, verifier = 'v'.repeat(43)) {
  const { req, set } = exchange();
  let state = '';
  cookieStore.store(req, verifier, undefined, {}, (err, s) => {
    expect(err).toBeNull();
    state = s!;
  });
  return { state, cookie: set[OAUTH_COOKIE] };
}

function verify(cookieStore: OAuthStateCookie, cookie: string | undefined, state: unknown) {
  const { req, cleared } = exchange(cookie === undefined ? {} : { [OAUTH_COOKIE]: cookie });
  let result: { ok: string | boolean; info?: unknown } | undefined;
  cookieStore.verify(req, state, (err, ok, info) => {
    expect(err).toBeNull();
    result = { ok, info };
  });
  return { ...result!, cleared };
}

describe('OAuthStateCookie', () => {
  it('has the arities passport-oauth2 selects the PKCE forms by', () => {
    const cookieStore = new OAuthStateCookie(SECRET);
    expect(cookieStore.store.length).toBe(5);
    expect(cookieStore.verify.length).toBe(3);
  });

  it('sets a random state in a short-lived HttpOnly, Secure, SameSite=Lax cookie', () => {
    const cookieStore = new OAuthStateCookie(SECRET);
    const first = store(cookieStore);
    const second = store(cookieStore);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.state).not.toBe(second.state);
    expect(first.cookie.options).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: OAUTH_STATE_TTL_MS,
    });
  });

  it('gives back the PKCE verifier for the matching state and clears the cookie', () => {
    const cookieStore = new OAuthStateCookie(SECRET);
    const { state, cookie } = store(cookieStore, 'the-verifier');
    const result = verify(cookieStore, cookie.value, state);
    expect(result.ok).toBe('the-verifier');
    expect(result.cleared).toEqual([OAUTH_COOKIE]);
  });

  it('carries a re-authentication (user and session) from the start to the verified callback only', () => {
    const cookieStore = new OAuthStateCookie(SECRET);
    const start = exchange();
    OAuthStateCookie.markReauth(start.req, { u: 'user-1', s: 'session-1' });
    let state = '';
    cookieStore.store(start.req, 'v'.repeat(43), undefined, {}, (_err, s) => (state = s!));
    const callback = exchange({ [OAUTH_COOKIE]: start.set[OAUTH_COOKIE].value });
    cookieStore.verify(callback.req, state, () => undefined);
    expect(OAuthStateCookie.reauthOf(callback.req)).toEqual({ u: 'user-1', s: 'session-1' });

    // A plain sign-in carries none, and a failed verification yields none.
    const plain = store(cookieStore);
    const signIn = exchange({ [OAUTH_COOKIE]: plain.cookie.value });
    cookieStore.verify(signIn.req, plain.state, () => undefined);
    expect(OAuthStateCookie.reauthOf(signIn.req)).toBeUndefined();
    const forged = exchange({ [OAUTH_COOKIE]: start.set[OAUTH_COOKIE].value });
    cookieStore.verify(forged.req, flipLast(state), () => undefined);
    expect(OAuthStateCookie.reauthOf(forged.req)).toBeUndefined();
  });

  it.each([
    ['another state', (s: string, c: string) => [c, flipLast(s)]],
    ['no state', (_s: string, c: string) => [c, undefined]],
    ['a state array', (s: string, c: string) => [c, [s, s]]],
    ['no cookie', (s: string) => [undefined, s]],
    ['a tampered cookie', (s: string, c: string) => [flipLast(c), s]],
    ['a cookie without a signature', (s: string, c: string) => [c.split('.')[0], s]],
  ])('refuses %s as a state mismatch (and still clears the cookie)', (_name, make) => {
    const cookieStore = new OAuthStateCookie(SECRET);
    const { state, cookie } = store(cookieStore);
    const [sent, provided] = make(state, cookie.value) as [string | undefined, unknown];
    const result = verify(cookieStore, sent, provided);
    expect(result.ok).toBe(false);
    expect(result.info).toMatchObject({ reason: 'state_mismatch' });
    expect(result.cleared).toEqual([OAUTH_COOKIE]);
  });

  it('refuses a cookie signed with another secret', () => {
    const { state, cookie } = store(new OAuthStateCookie('y'.repeat(48)));
    expect(verify(new OAuthStateCookie(SECRET), cookie.value, state).ok).toBe(false);
  });

  it('refuses an expired state', () => {
    let now = 1_000_000;
    const cookieStore = new OAuthStateCookie(SECRET, () => now);
    const { state, cookie } = store(cookieStore);
    now += OAUTH_STATE_TTL_MS;
    expect(verify(cookieStore, cookie.value, state).ok).toBe(false);
  });
});
