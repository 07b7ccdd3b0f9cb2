import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { parseDatabaseUrl, quoteIdentifier, withDatabase } from '@strata/database';
import { harnessLog } from './harness-log';

const TEMPLATE_PREFIX = 'strata_tpl_';

/** Connects to the `postgres` maintenance database of the server in `databaseUrl`. */
async function admin(databaseUrl: string): Promise<Client> {
  const { host, port, user, password } = parseDatabaseUrl(withDatabase(databaseUrl, 'postgres'));
  const client = new Client({ host, port, user, password, database: 'postgres' });
  await client.connect();
  return client;
}

/** A digest of every migration file of every service: a new migration means a new template. */
export async function migrationsDigest(root: string, services: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const name of [...services].sort()) {
    const dir = path.join(root, 'services', name, 'prisma', 'migrations');
    const entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of entries) hash.update(path.relative(root, file)).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Gives `databaseUrl` the schema of every service by cloning a template database that was
 * migrated once with the real migrations (CREATE DATABASE … TEMPLATE). The first run, or the
 * first after a migration changes, builds the template; later test files clone it in
 * milliseconds instead of running the Prisma CLI again.
 */
export async function cloneMigratedTemplate(
  databaseUrl: string,
  digest: string,
  migrateInto: (url: string) => Promise<unknown>,
): Promise<'cloned' | 'built'> {
  const template = `${TEMPLATE_PREFIX}${digest}`;
  const target = parseDatabaseUrl(databaseUrl).database;
  const client = await admin(databaseUrl);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    let outcome: 'cloned' | 'built' = 'cloned';
    if (exists.rowCount === 0) {
      const building = `${template}_b${process.pid}`;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)}`);
      await client.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
      await migrateInto(withDatabase(databaseUrl, building));
      try {
        await client.query(
          `ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`,
        );
      } catch {
        // Another process built the same template first: use theirs.
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
      }
      // Templates of older migration sets are of no further use, unless several checkouts with
      // different migrations share this server (STRATA_KEEP_TEMPLATES=1).
      const stale = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2 AND datname !~ '_b[0-9]+$'`,
        [`${TEMPLATE_PREFIX}%`, template],
      );
      for (const { datname } of process.env.STRATA_KEEP_TEMPLATES === '1' ? [] : stale.rows) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
      }
      outcome = 'built';
      harnessLog(`built migrated template database ${template}`);
    }
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(target)} WITH (FORCE)`);
    await client.query(
      `CREATE DATABASE ${quoteIdentifier(target)} TEMPLATE ${quoteIdentifier(template)}`,
    );
    return outcome;
  } finally {
    await client.end();
  }
}
