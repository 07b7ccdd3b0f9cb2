// NATS: NATS_URL, else a server on nats://127.0.0.1:4222 with JetStream, else a
// nats-server spawned from PATH with its JetStream store in .strata/nats.
import { access, constants, mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { pipeOutput } from './log-format.mjs';
import { sleep, spawnGroup, stopChild, killChild } from './process.mjs';

export const LOCAL_NATS_URL = 'nats://127.0.0.1:4222';
const NOT_FOUND =
  'nats-server not found: install it (Debian: apt-get install nats-server) or set NATS_URL';

/** Connects, reads the server's INFO line and returns its JSON (rejects when nothing NATS answers). */
export function probeNats(url, timeoutMs = 2000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
      port: Number(port) || 4222,
    });
    let buffer = '';
    const finish = (err, info) => {
      socket.destroy();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(info);
    };
    const timer = setTimeout(() => finish(new Error('no INFO within 2 s')), timeoutMs);
    socket.on('error', (err) => finish(err));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO '))
        return finish(new Error(`not a NATS server (said "${line.slice(0, 40)}")`));
      try {
        finish(null, JSON.parse(line.slice(5)));
      } catch {
        finish(new Error('unreadable INFO line'));
      }
    });
  });
}

async function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

const noJetStream = (url) =>
  new Error(
    `NATS at ${url} runs without JetStream: restart it with -js, or set NATS_URL to one that has it`,
  );

/** Returns { url, description, stop() }; `onStarted(handle)` runs as soon as a spawned server exists. */
export async function resolveNats({ root, env, onStarted }) {
  if (env.NATS_URL) {
    let info;
    try {
      info = await probeNats(env.NATS_URL);
    } catch (err) {
      throw new Error(`NATS_URL (${env.NATS_URL}) does not answer: ${err.message}`);
    }
    if (!info.jetstream) throw noJetStream(env.NATS_URL);
    return { url: env.NATS_URL, description: `NATS_URL ${env.NATS_URL}`, stop: async () => {} };
  }
  // STRATA_LOCAL_NATS_URL replaces the local URL (tests use it to force a spawned server on another port).
  const localUrl = env.STRATA_LOCAL_NATS_URL || LOCAL_NATS_URL;
  const info = await probeNats(localUrl).catch(() => undefined);
  if (info) {
    if (!info.jetstream) throw noJetStream(localUrl);
    return { url: localUrl, description: `local NATS ${localUrl}`, stop: async () => {} };
  }

  const binary = await findOnPath('nats-server');
  if (!binary) throw Object.assign(new Error(NOT_FOUND), { oneLine: true });
  const storeDir = join(root, '.strata', 'nats');
  await mkdir(storeDir, { recursive: true });
  const port = new URL(localUrl).port || '4222';
  const child = spawnGroup(binary, ['-js', '-a', '127.0.0.1', '-p', port, '-sd', storeDir], {
    cwd: root,
  });
  const handle = {
    url: localUrl,
    description: `nats-server ${binary} (pid ${child.pid}, JetStream store in .strata/nats)`,
    stop: () => stopChild(child, 10_000),
    kill: () => killChild(child),
    child,
  };
  onStarted?.(handle);
  // Its [INF] banner is long; warnings and errors are shown.
  pipeOutput(child, 'nats', undefined, (line) => !line.includes('[INF]'));
  let exited;
  child.exited.then((status) => (exited = status));
  child.once('error', (err) => (exited = { error: err }));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited)
      throw new Error(
        `nats-server exited during start (${exited.error?.message ?? exited.signal ?? `code ${exited.code}`})`,
      );
    const answer = await probeNats(localUrl, 500).catch(() => undefined);
    if (answer?.jetstream) return handle;
    if (Date.now() > deadline) throw new Error('nats-server did not answer within 10 s');
    await sleep(100);
  }
}
