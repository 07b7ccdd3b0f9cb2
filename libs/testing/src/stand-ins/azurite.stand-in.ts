import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port';
import { waitUntil } from '../wait-until';
import type { TestTls } from './azure-ad.stand-in';

/**
 * Azurite 3.35's blob server as a real local server (a child process): https with the test
 * certificate and `--oauth basic`, so it accepts the bearer tokens of the Azure AD stand-in for
 * https://storage.azure.com (Azurite checks their issuer, audience and lifetime, not their
 * signature). Data lives in a temporary directory removed at stop. `--skipApiVersionCheck`
 * because @azure/storage-blob speaks a newer x-ms-version than Azurite knows.
 */
export interface AzuriteStandIn {
  /** https://127.0.0.1:<port>/{account}: CLOUD_AZURE_BLOB_ENDPOINT (path style). */
  blobEndpointTemplate: string;
  /** The emulator's storage account, devstoreaccount1. */
  account: string;
  url: string;
  createContainer(name: string): Promise<void>;
  /** Blob names in a container. */
  listBlobs(container: string): Promise<string[]>;
  /** Everything Azurite printed (its access log). */
  output(): string;
  stop(): Promise<void>;
}

export const AZURITE_ACCOUNT = 'devstoreaccount1';
const API_VERSION = '2025-11-05';

/** A token Azurite's basic OAuth check accepts (only the test harness uses it, for fixtures). */
function fixtureToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const tenant = '00000000-0000-0000-0000-00000000a2e1';
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({
    aud: 'https://storage.azure.com',
    iss: `https://sts.windows.net/${tenant}/`,
    iat: now - 5,
    nbf: now - 5,
    exp: now + 600,
    tid: tenant,
    appid: 'strata-test-harness',
  })}.c2lnbmF0dXJl`;
}

export async function startAzurite(tls: TestTls): Promise<AzuriteStandIn> {
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const location = await mkdtemp(path.join(tmpdir(), 'strata-azurite-'));
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    const started = spawn(
      process.execPath,
      [
        main,
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
        '--location',
        location,
        '--disableTelemetry',
        '--skipApiVersionCheck',
        '--oauth',
        'basic',
        '--cert',
        tls.certFile,
        '--key',
        tls.keyFile,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.certFile },
      },
    );
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const gone = new AbortController();
    const exited = new Promise<'exited'>((resolve) =>
      started.once('exit', () => {
        gone.abort();
        resolve('exited');
      }),
    );
    const listening = waitUntil(async () => /successfully listens on/i.test(output), {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'Azurite blob server listening',
      signal: gone.signal,
    }).then(
      () => 'listening' as const,
      () => 'timeout' as const,
    );
    const outcome = await Promise.race([listening, exited]);
    if (outcome === 'listening') child = started;
    else {
      started.kill('SIGKILL');
      if (!/EADDRINUSE/.test(output))
        throw new Error(`Azurite did not start (${outcome}):\n${output}`);
    }
  }
  if (!child) throw new Error(`Azurite could not bind a port:\n${output}`);
  const url = `https://127.0.0.1:${port}`;

  const call = (method: string, pathAndQuery: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${url}/${AZURITE_ACCOUNT}${pathAndQuery}`,
        {
          method,
          ca: tls.cert,
          headers: {
            authorization: `Bearer ${fixtureToken()}`,
            'x-ms-version': API_VERSION,
            'x-ms-date': new Date().toUTCString(),
            'content-length': '0',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  const running = child;
  return {
    blobEndpointTemplate: `${url}/{account}`,
    account: AZURITE_ACCOUNT,
    url,
    async createContainer(name) {
      const res = await call('PUT', `/${encodeURIComponent(name)}?restype=container`);
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`Azurite create container ${name}: ${res.status} ${res.body}`);
    },
    async listBlobs(container) {
      const res = await call(
        'GET',
        `/${encodeURIComponent(container)}?restype=container&comp=list`,
      );
      if (res.status !== 200)
        throw new Error(`Azurite list ${container}: ${res.status} ${res.body}`);
      return [...res.body.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);
    },
    output: () => output,
    async stop() {
      if (running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(location, { recursive: true, force: true });
    },
  };
}
