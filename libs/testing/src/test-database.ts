import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parseDatabaseUrl, quoteIdentifier, withDatabase } from '@strata/database';

/** Where test databases are created unless DATABASE_URL says otherwise (its database part is replaced). */
export const DEFAULT_TEST_DATABASE_SERVER = 'postgres://postgres@127.0.0.1:5432/';

export interface TestDatabase {
  databaseUrl: string;
  name: string;
  drop(): Promise<void>;
}

/** A unique, valid, lower-case database name (well under PostgreSQL's 63 bytes). */
export function uniqueDatabaseName(prefix = 'strata_test'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Connects to the server's `postgres` maintenance database. */
function maintenanceClient(serverUrl: string): Client {
  const { host, port, user, password } = parseDatabaseUrl(withDatabase(serverUrl, 'postgres'));
  return new Client({
    host,
    port,
    user,
    password,
    database: 'postgres',
    connectionTimeoutMillis: 2_000,
  });
}

/**
 * Creates a fresh database on the server of `serverUrl` (any database name in
 * the URL is ignored) and returns its URL and a `drop()` that terminates the
 * remaining connections and drops it.
 */
export async function createTestDatabase(
  serverUrl = DEFAULT_TEST_DATABASE_SERVER,
): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  const databaseUrl = withDatabase(serverUrl, name);
  const client = maintenanceClient(serverUrl);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } finally {
    await client.end();
  }
  let dropped = false;
  return {
    databaseUrl,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      const admin = maintenanceClient(serverUrl);
      await admin.connect();
      try {
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
