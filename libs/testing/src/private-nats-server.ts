import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findExecutable } from './find-executable';
import { freePort } from './free-port';
import { waitForNats } from './readiness';
import { withTimeout } from './wait-until';

export interface PrivateNatsServer {
  natsUrl: string;
  port: number;
  storeDir: string;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/** The nats-server binary on PATH (or /usr/sbin, /usr/local/bin), if any. */
export function findNatsServerBinary(): Promise<string | undefined> {
  return findExecutable('nats-server', ['/usr/sbin', '/usr/local/bin', '/usr/bin']);
}

/**
 * Spawns `nats-server -js -a 127.0.0.1 -p <free port> -sd <temp dir>`: a JetStream
 * of its own (streams and durable consumers isolated from every other test file),
 * removed with its store on stop(). Retries on another port if the port was taken.
 */
export async function startPrivateNatsServer(
  binary: string,
  timeoutMs = 10_000,
): Promise<PrivateNatsServer> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const storeDir = await mkdtemp(path.join(tmpdir(), 'strata-nats-'));
    const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)),
    );
    const exited = exitOf(child);
    const natsUrl = `nats://127.0.0.1:${port}`;
    const gaveUp = new AbortController();
    const earlyExit = exited.then(({ code, signal }) => {
      gaveUp.abort(
        new Error(`nats-server exited early (${signal ?? `exit ${code}`}): ${output.trim()}`),
      );
    });
    try {
      await waitForNats(natsUrl, timeoutMs, gaveUp.signal);
      child.stderr?.removeAllListeners('data');
      child.stderr?.resume();
      return { natsUrl, port, storeDir, stop: () => stopServer(child, exited, storeDir) };
    } catch (err) {
      lastError = err;
      await stopServer(child, exited, storeDir);
      await earlyExit;
    }
  }
  throw new Error(`could not start a private nats-server: ${(lastError as Error).message}`);
}

function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    child.once('error', () => resolve({ code: -1, signal: null }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function stopServer(
  child: ChildProcess,
  exited: Promise<unknown>,
  storeDir: string,
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await withTimeout(exited, 5_000, 'nats-server did not stop').catch(() => {
      child.kill('SIGKILL');
      return exited;
    });
  }
  await rm(storeDir, { recursive: true, force: true });
}
