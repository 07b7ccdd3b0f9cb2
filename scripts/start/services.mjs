// Runs the services as child processes, one after another once each answers /readyz,
// and applies the database migrations before them.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { run } from '../lib/run.mjs';
import { pipeOutput } from './log-format.mjs';
import { portAnswers, sleep, spawnGroup, stopChild, killChild } from './process.mjs';

/**
 * True when every folder of services/<name>/prisma/migrations is recorded as applied in
 * the service's schema: then the Prisma CLI (~12 s, mostly an engine timer) is skipped.
 */
async function upToDate(root, name, databaseUrl) {
  const dirs = await readdir(join(root, 'services', name, 'prisma', 'migrations'), {
    withFileTypes: true,
  }).catch(() => []);
  const wanted = dirs.filter((d) => d.isDirectory()).map((d) => d.name);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name FROM ${client.escapeIdentifier(name)}._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return wanted.every((m) => applied.has(m));
  } catch {
    return false; // no schema or table yet: let the CLI do its work
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Applies every service's migrations, one migrate-cli per service, side by side.
 * Returns { migrated, current }: the services migrated and those already up to date.
 */
export async function migrateAll({ root, databaseUrl, force = false }) {
  const names = [];
  for (const entry of await readdir(join(root, 'services'), { withFileTypes: true })) {
    if (
      entry.isDirectory() &&
      (await stat(join(root, 'services', entry.name, 'prisma')).catch(() => null))
    )
      names.push(entry.name);
  }
  names.sort();
  const current = [];
  if (!force) {
    const checks = await Promise.all(names.map((name) => upToDate(root, name, databaseUrl)));
    for (const [i, ok] of checks.entries()) if (ok) current.push(names[i]);
  }
  const pending = names.filter((name) => !current.includes(name));
  const cli = join(root, 'libs', 'database', 'dist', 'migrate-cli.js');
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const migrateOne = (name) =>
    run(process.execPath, [cli, `services/${name}`], {
      cwd: root,
      env,
      label: `migrate ${name}`,
      quiet: true,
    });
  // migrate-cli handles its directories one by one; separate processes run in parallel
  // (creating the database and schemas tolerates the race).
  const results = await Promise.allSettled(pending.map(migrateOne));
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') continue;
    // Prisma waits at most 10 s for its advisory lock: a loser is retried alone.
    if (/advisory lock/i.test(String(result.reason?.message))) await migrateOne(pending[i]);
    else throw result.reason;
  }
  return { migrated: pending, current };
}

export class Service {
  constructor({ name, root, port, env }) {
    Object.assign(this, { name, root, port, env });
    this.url = `http://127.0.0.1:${port}`;
    this.child = undefined;
    this.expectedExit = false;
  }

  /** Spawns the service and resolves once GET /readyz answers 200. */
  async start({ readyTimeoutMs = 60_000 } = {}) {
    if (await portAnswers(this.port))
      throw new Error(
        `${this.name}: port ${this.port} is already in use (another Strata running?)`,
      );
    const child = spawnGroup(
      process.execPath,
      [join(this.root, 'services', this.name, 'dist', 'main.js')],
      {
        cwd: join(this.root, 'services', this.name),
        env: { ...this.env, PORT: String(this.port) },
      },
    );
    this.child = child;
    pipeOutput(child, this.name);
    let exited;
    child.exited.then((status) => (exited = status));
    child.once('error', (err) => (exited = { error: err }));
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (exited)
        throw new Error(
          `${this.name} exited before it was ready (${exited.error?.message ?? exited.signal ?? `code ${exited.code}`})`,
        );
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(
          `${this.name}: GET ${this.url}/readyz did not answer 200 within ${readyTimeoutMs / 1000} s`,
        );
      await sleep(200);
    }
  }

  /** Calls `onExit(status)` if the process ends without stop() having been called. */
  watch(onExit) {
    this.child?.exited.then((status) => {
      if (!this.expectedExit) onExit(status);
    });
  }

  async stop() {
    this.expectedExit = true;
    return stopChild(this.child, 10_000);
  }

  kill() {
    this.expectedExit = true;
    killChild(this.child);
  }
}
