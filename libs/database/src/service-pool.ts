import { Pool } from 'pg';
import { poolConfigFor } from './prisma-adapter';

export interface ServicePoolOptions {
  /** Connections at most (DATABASE_POOL_MAX, else the service's default). */
  max: number;
  /** Errors of idle connections (a restarted server): logged, the pool replaces the client. */
  onError?: (err: Error) => void;
}

/**
 * The one `pg` pool of a service process, bound to the service's schema: Prisma's driver
 * adapter and the prepared hot reads (`runPrepared`) share it, so DATABASE_POOL_MAX is the
 * process's whole budget of PostgreSQL connections (the outbox relay's LISTEN connection aside).
 */
export function createServicePool(
  databaseUrl: string,
  schema: string,
  options: ServicePoolOptions,
): Pool {
  const pool = new Pool({ ...poolConfigFor(databaseUrl, schema), max: options.max });
  pool.on('error', options.onError ?? (() => undefined));
  return pool;
}
