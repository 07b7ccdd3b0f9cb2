import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HttpClient, Platform, repoRoot, startPlatform } from '@strata/testing';

/** Runs a built service with `env` and collects what it prints until it exits. */
async function runService(name: string, env: Record<string, string>) {
  const main = path.join(await repoRoot(), 'services', name, 'dist', 'main.js');
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('configuration is validated at start', () => {
  it('stops with one clear line naming the bad variable, without echoing its value', async () => {
    const result = await runService('auth', {
      DATABASE_URL: 'mysql://root:hunter2-secret@localhost/auth',
      AUTH_ACCESS_TOKEN_TTL_SECONDS: 'soon',
    });
    expect(result.code).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^auth: configuration error: /);
    expect(lines[0]).toContain('DATABASE_URL');
    expect(lines[0]).toContain('AUTH_ACCESS_TOKEN_TTL_SECONDS');
    expect(result.stderr + result.stdout).not.toContain('hunter2-secret');
  });

  it('refuses to start the gateway in production without a CSRF secret', async () => {
    const result = await runService('gateway', { NODE_ENV: 'production' });
    expect(result.code).toBe(78);
    expect(result.stderr.trim()).toBe(
      'gateway: configuration error: CSRF_SECRET is required (must be set in production)',
    );
  });
});

describe('health, docs and headers of a running platform', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('reports liveness, and readiness with the database and NATS checked', async () => {
    for (const name of ['auth', 'notify']) {
      const service = new HttpClient(platform.serviceUrl(name));
      expect((await service.get('/healthz')).status).toBe(200);
      const ready = await service.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toEqual({ database: { status: 'up' }, nats: { status: 'up' } });
    }
    const gateway = await new HttpClient(platform.gatewayUrl).get('/readyz');
    expect(gateway.body.details).toEqual({ nats: { status: 'up' } });
  });

  it('publishes an OpenAPI document that lists every endpoint, and its docs page', async () => {
    const api = new HttpClient(platform.gatewayUrl);
    const doc = await api.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    // The served document is the committed contract (openapi/strata.openapi.json, npm run openapi).
    const committed = await readFile(
      path.join(await repoRoot(), 'openapi/strata.openapi.json'),
      'utf8',
    );
    expect(doc.body).toEqual(JSON.parse(committed));
    // Every route of this slice is documented (other services add theirs to the same document).
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/.well-known/jwks.json',
        '/api/v1/auth/csrf',
        '/api/v1/auth/email/resend',
        '/api/v1/auth/email/verify',
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/signup',
        '/api/v1/auth/token/refresh',
        '/api/v1/me',
        '/api/v1/me/password',
        '/api/v1/me/sessions',
        '/api/v1/me/sessions/{id}',
        '/healthz',
        '/readyz',
      ]),
    );
    // And every documented route exists: none answers 404 for its documented method.
    const api2 = new HttpClient(platform.gatewayUrl);
    for (const [path, methods] of Object.entries(doc.body.paths as Record<string, object>)) {
      const concrete = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const method of Object.keys(methods)) {
        const res = await api2.raw(concrete, { method: method.toUpperCase() });
        expect({
          path,
          method,
          notFound: res.status === 404 && res.body?.code === 'gateway.not_found',
        }).toEqual({
          path,
          method,
          notFound: false,
        });
      }
    }
    const signUpBody =
      doc.body.paths['/api/v1/auth/signup'].post.requestBody.content['application/json'].schema;
    expect(signUpBody.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    const page = await api.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
  });

  it('sends security headers and a request id', async () => {
    const res = await new HttpClient(platform.gatewayUrl).get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
});

describe('notify in local mode (no SMTP server)', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({ serviceEnv: { notify: { SMTP_URL: '' } } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('logs the verification link instead of mailing it', async () => {
    const email = `local-${Date.now()}@example.com`;
    const api = new HttpClient(platform.gatewayUrl);
    expect(
      (await api.post('/api/v1/auth/signup', { email, password: 'local-password-1' })).status,
    ).toBe(202);
    const line = await platform.waitForLog('notify', /local mode, no SMTP/, 10_000);
    expect(line).toContain(email);
    const token = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(line)?.[1];
    expect(token).toBeDefined();
    expect(platform.mail.mails).toHaveLength(0);
    // The logged link works.
    expect((await api.post('/api/v1/auth/email/verify', { token })).status).toBe(200);
  });
});
