import { Client } from 'pg';
import { parseDatabaseUrl } from './database-url';
import { assertSchemaName, quoteIdentifier } from './sql-identifier';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

function clientFor(databaseUrl: string, database?: string): Client {
  const { host, port, user, password, database: own, ssl } = parseDatabaseUrl(databaseUrl);
  return new Client({
    host,
    port,
    user,
    password,
    database: database ?? own,
    ...(ssl ? { ssl } : {}),
  });
}

/**
 * Creates the URL's database if it does not exist yet (connecting to the
 * `postgres` maintenance database). Returns true when it was created.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { database } = parseDatabaseUrl(databaseUrl);
  const client = clientFor(databaseUrl, 'postgres');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
      return true;
    } catch (err) {
      // Another process created it between the check and the CREATE.
      const code = (err as { code?: string }).code;
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw err;
    }
  } finally {
    await client.end();
  }
}

/** Drops the URL's database (tests only); connections to it are terminated. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database } = parseDatabaseUrl(databaseUrl);
  const client = clientFor(databaseUrl, 'postgres');
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Creates a service's schema in the URL's database if it is missing. */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = clientFor(databaseUrl);
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(assertSchemaName(schema))}`);
  } catch (err) {
    // Concurrent CREATE SCHEMA IF NOT EXISTS can still race on the catalog.
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
  } finally {
    await client.end();
  }
}
