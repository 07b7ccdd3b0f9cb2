import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpClient, startPlatform, type Platform } from '@strata/testing';

jest.setTimeout(60_000);

/**
 * Exercises the process management of startPlatform with stand-in services
 * (tiny Node HTTP servers in a scratch repository), so it runs without a build
 * of the real services. The real services are started the same way.
 */
const FAKE_SERVICE = `
const http = require('node:http');
const started = Date.now();
const name = process.env.FAKE_NAME;
console.log('booting ' + name + ' port=' + process.env.PORT + ' token=' + (process.env.FAKE_TOKEN || '-'));
console.error('debug to stderr NODE_ENV=' + process.env.NODE_ENV + ' LOG_LEVEL=' + process.env.LOG_LEVEL);
if (process.env.FAKE_CRASH) { console.error('fatal: cannot boot'); process.exit(3); }
const server = http.createServer((req, res) => {
  if (req.url === '/readyz') { res.statusCode = Date.now() - started > 300 ? 200 : 503; return res.end(); }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ name, env: process.env }));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(name + ' listening'));
process.on('SIGTERM', () => { console.log(name + ' shutting down'); server.close(() => process.exit(0)); });
`;

describe('startPlatform (with stand-in services)', () => {
  let root: string;
  let platform: Platform | undefined;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'strata-platform-'));
    await writeFile(
      path.join(root, 'package.json'),
      JSON.stringify({ workspaces: ['services/*'] }),
    );
    for (const name of ['alpha', 'gateway']) {
      await mkdir(path.join(root, 'services', name, 'dist'), { recursive: true });
      await writeFile(path.join(root, 'services', name, 'dist', 'main.js'), FAKE_SERVICE);
    }
  });
  afterAll(async () => {
    await platform?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('starts services in order with their environment, captures logs, kills and restarts them', async () => {
    platform = await startPlatform({
      rootDir: root,
      services: ['alpha', 'gateway'],
      runId: 'harness-self-test',
      env: { FAKE_NAME: 'overridden-below' },
      serviceEnv: { alpha: { FAKE_NAME: 'alpha' }, gateway: { FAKE_NAME: 'gateway' } },
    });
    const api = new HttpClient(platform.gatewayUrl);
    const { body } = await api.get('/anything');
    expect(body.name).toBe('gateway');
    expect(body.env).toMatchObject({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      NATS_URL: platform.infrastructure.natsUrl,
      DATABASE_URL: platform.infrastructure.databaseUrl,
      SMTP_URL: platform.mail.url,
      MAIL_FROM: 'strata@test.local',
      PUBLIC_URL: platform.gatewayUrl,
      AUTH_ISSUER: 'strata-test',
      AUTH_AUDIENCE: 'strata-api',
      PORT: new URL(platform.gatewayUrl).port,
    });
    expect(body.env.CSRF_SECRET).toMatch(/^[A-Za-z0-9_-]{48}$/);
    const alpha = await new HttpClient(platform.serviceUrl('alpha')).get('/');
    expect(alpha.body.env.CSRF_SECRET).toBe(body.env.CSRF_SECRET);

    expect(platform.logs('alpha')).toContain('debug to stderr NODE_ENV=test LOG_LEVEL=debug');
    expect(platform.logs()).toMatch(/alpha \| alpha listening[\s\S]*gateway \| gateway listening/);

    const status = await platform.kill('alpha');
    expect(status.signal).toBe('SIGKILL');
    await expect(fetch(`${platform.serviceUrl('alpha')}/readyz`)).rejects.toThrow();

    await platform.restart('alpha', { FAKE_TOKEN: 'second-run' });
    expect(await platform.waitForLog('alpha', /token=second-run/, 1_000)).toContain(
      'booting alpha',
    );
    // waitForLog looks at the current run only.
    await expect(platform.waitForLog('alpha', /token=-/, 200)).rejects.toThrow(
      /logged nothing matching/,
    );
    expect((await fetch(`${platform.serviceUrl('alpha')}/readyz`)).status).toBe(200);

    await platform.stop();
    platform = undefined;
    const log = await readFile(
      path.join(root, '.strata', 'test-logs', 'harness-self-test', 'alpha.log'),
      'utf8',
    );
    expect(log).toMatch(
      /token=-[\s\S]*exited \(SIGKILL\)[\s\S]*token=second-run[\s\S]*alpha shutting down/,
    );
  });

  it('fails with the last log lines when a service does not become ready', async () => {
    await expect(
      startPlatform({
        rootDir: root,
        services: ['alpha'],
        serviceEnv: { alpha: { FAKE_CRASH: '1' } },
      }),
    ).rejects.toThrow(/alpha exited before it was ready \(code 3\)[\s\S]*fatal: cannot boot/);
  });
});
