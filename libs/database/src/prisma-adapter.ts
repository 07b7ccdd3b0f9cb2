import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { parseDatabaseUrl } from './database-url';
import { assertSchemaName } from './sql-identifier';

export interface PrismaAdapterOptions {
  /** The service's pool (createServicePool), shared with its prepared reads; `max` is then its own. */
  pool?: Pool;
  /** Maximum pool size (default: the URL's `connection_limit`, else pg's 10). */
  max?: number;
  /**
   * Let the process exit while pooled connections are idle. Set it for CLI use
   * (prisma.config.ts): `prisma migrate deploy` never closes the adapter's pool,
   * so without it each run lingers for pg's 10 s idle timeout.
   */
  allowExitOnIdle?: boolean;
  onPoolError?: (err: Error) => void;
}

/**
 * The `pg` pool settings for a service: discrete connection fields plus a
 * `search_path` pinned to the service's own schema, so unqualified SQL
 * (migrations, raw queries) lands in that schema too.
 */
export function poolConfigFor(databaseUrl: string, schema: string) {
  const { host, port, user, password, database, ssl, connectionLimit } =
    parseDatabaseUrl(databaseUrl);
  return {
    host,
    port,
    user,
    password,
    database,
    ...(ssl ? { ssl } : {}),
    ...(connectionLimit ? { max: connectionLimit } : {}),
    options: `-c search_path=${assertSchemaName(schema)}`,
  };
}

/**
 * A Prisma driver adapter (used by PrismaClient and by `prisma migrate` via
 * prisma.config.ts) bound to one PostgreSQL schema of the shared database.
 */
export function createPrismaAdapter(
  databaseUrl: string,
  schema: string,
  options: PrismaAdapterOptions = {},
): PrismaPg {
  if (options.pool) return new PrismaPg(options.pool, { schema, onPoolError: options.onPoolError });
  const config = {
    ...poolConfigFor(databaseUrl, schema),
    ...(options.max === undefined ? {} : { max: options.max }),
    ...(options.allowExitOnIdle ? { allowExitOnIdle: true } : {}),
  };
  return new PrismaPg(config, { schema, onPoolError: options.onPoolError });
}
