import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CookieJar, pathMatches } from './cookie-jar';
import { HttpClient } from './http-client';
import { ContractViolation } from './openapi-contract';

describe('cookie jar', () => {
  it('matches cookie paths like RFC 6265 5.1.4', () => {
    expect(pathMatches('/api/v1/auth/refresh', '/api/v1/auth/refresh')).toBe(true);
    expect(pathMatches('/api/v1/auth/refresh?x=1', '/api/v1/auth/refresh')).toBe(true);
    expect(pathMatches('/api/v1/auth/refresh/sub', '/api/v1/auth/refresh')).toBe(true);
    expect(pathMatches('/api/v1/auth/refreshed', '/api/v1/auth/refresh')).toBe(false);
    expect(pathMatches('/api/v1/auth/login', '/api/v1/auth/refresh')).toBe(false);
    expect(pathMatches('/api/v1/me', '/')).toBe(true);
    expect(pathMatches('/api/v1/me', '/api/')).toBe(true);
  });

  it('sends a Path=/api/v1/auth/refresh cookie only to that path', () => {
    const jar = new CookieJar();
    jar.setCookie(
      'refresh=r1; Path=/api/v1/auth/refresh; HttpOnly; Secure; SameSite=Strict',
      '/api/v1/auth/login',
    );
    jar.setCookie('session=s1; Path=/; HttpOnly', '/api/v1/auth/login');
    expect(jar.cookieHeader('/api/v1/auth/refresh')).toBe('refresh=r1; session=s1');
    expect(jar.cookieHeader('/api/v1/me')).toBe('session=s1');
    expect(jar.cookieHeader('/api/v1/auth/logout')).toBe('session=s1');
  });

  it('defaults the path to the request directory', () => {
    const jar = new CookieJar();
    jar.setCookie('a=1', '/api/v1/auth/login');
    expect(jar.list()[0].path).toBe('/api/v1/auth');
    expect(jar.cookieHeader('/api/v1/auth/refresh')).toBe('a=1');
    expect(jar.cookieHeader('/api/v1/me')).toBeUndefined();
  });

  it('deletes on Max-Age=0 and on a past Expires, and expires by Max-Age', () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.setCookie('a=1; Path=/');
    jar.setCookie('b=2; Path=/; Max-Age=10');
    jar.setCookie('a=; Path=/; Max-Age=0');
    expect(jar.get('a')).toBeUndefined();
    jar.setCookie('b=2; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(jar.get('b')).toBeUndefined();
    jar.setCookie('c=3; Path=/; Max-Age=10');
    now += 10_001;
    expect(jar.cookieHeader('/')).toBeUndefined();
  });

  it('keeps cookies of the same name on different paths apart; deletion needs the same path', () => {
    const jar = new CookieJar();
    jar.setCookie('t=root; Path=/');
    jar.setCookie('t=deep; Path=/a/b');
    expect(jar.cookieHeader('/a/b/c')).toBe('t=deep; t=root');
    jar.setCookie('t=; Path=/a/b; Max-Age=0');
    expect(jar.cookieHeader('/a/b/c')).toBe('t=root');
  });
});

describe('HttpClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/api/v1/auth/login') {
          res.setHeader('set-cookie', [
            'refresh=r1; Path=/api/v1/auth/refresh; HttpOnly',
            'csrf=c1; Path=/',
          ]);
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ ok: true }));
        } else if (req.url === '/api/v1/auth/logout') {
          res.setHeader('set-cookie', 'refresh=; Path=/api/v1/auth/refresh; Max-Age=0');
          res.statusCode = 204;
          res.end();
        } else if (req.url === '/broken') {
          res.setHeader('content-type', 'application/problem+json');
          res.end('{not json');
        } else {
          res.end('plain');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (seen.length = 0));

  it('stores cookies, sends them by path, copies the CSRF cookie and honours Max-Age=0', async () => {
    // This server is no gateway: its answers are not the API's.
    const client = new HttpClient(baseUrl, { csrf: { cookie: 'csrf' }, contract: false });
    const login = await client.post('/api/v1/auth/login', { email: 'a@b.c' });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ ok: true });
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ email: 'a@b.c' });
    expect(client.cookie('refresh')).toBe('r1');

    await client.get('/api/v1/me');
    await client.post('/api/v1/auth/refresh');
    expect(seen[1].headers.cookie).toBe('csrf=c1');
    expect(seen[1].headers['x-csrf-token']).toBeUndefined();
    expect(seen[2].headers.cookie).toBe('refresh=r1; csrf=c1');
    expect(seen[2].headers['x-csrf-token']).toBe('c1');

    await client.post('/api/v1/auth/logout');
    expect(client.cookie('refresh')).toBeUndefined();
  });

  it('sends Authorization and no cookies in bearer mode, and raw bytes through raw()', async () => {
    const client = new HttpClient(baseUrl, { contract: false });
    await client.post('/api/v1/auth/login');
    await client.bearer('tok').get('/api/v1/me');
    expect(seen[1].headers.authorization).toBe('Bearer tok');
    expect(seen[1].headers.cookie).toBeUndefined();

    const broken = await client.bearer(undefined).raw('/broken', {
      method: 'POST',
      body: '{"a":',
      headers: { 'content-type': 'application/json' },
    });
    expect(seen[2].body).toBe('{"a":');
    expect(seen[2].headers.cookie).toBe('csrf=c1');
    expect(broken.body).toBe('{not json');
    expect((await client.get('/text')).body).toBe('plain');
  });

  it('checks answers from /api/ against the committed OpenAPI document by default', async () => {
    const client = new HttpClient(baseUrl);
    // {ok: true} is not a sign-in answer of the document (tokens, or a browser session).
    await expect(client.post('/api/v1/auth/login', { email: 'a@b.c' })).rejects.toThrow(
      ContractViolation,
    );
    // 204 with no body is what the document says of logout.
    await expect(client.post('/api/v1/auth/logout')).resolves.toMatchObject({ status: 204 });
    // Not under /api/: not the API's.
    expect((await client.get('/text')).body).toBe('plain');
  });
});
