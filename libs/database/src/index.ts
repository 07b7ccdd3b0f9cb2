export { DEFAULT_DATABASE_URL, parseDatabaseUrl, withDatabase } from './database-url';
export type { DatabaseConnectionOptions } from './database-url';
export { createPrismaAdapter, poolConfigFor } from './prisma-adapter';
export type { PrismaAdapterOptions } from './prisma-adapter';
export { dropDatabase, ensureDatabase, ensureSchema } from './ensure-database';
export {
  ADVISORY_LOCK_ATTEMPTS,
  DATABASE_SCHEMA_ENV,
  DATABASE_URL_ENV,
  isAdvisoryLockTimeout,
  migrate,
  prismaCliPath,
  runPrisma,
} from './migrate';
export type { MigrateOptions, MigrateResult } from './migrate';
export { assertSchemaName, quoteIdentifier } from './sql-identifier';
export { decodeCursor, encodeCursor } from './list-cursor';
export type { ListCursor } from './list-cursor';
export { lockOrganization } from './organization-lock';
export type { LockingExecutor } from './organization-lock';
export { createServicePool } from './service-pool';
export type { ServicePoolOptions } from './service-pool';
export { preparedStatement, runPrepared } from './prepared-statement';
export type { PreparedExecutor, PreparedStatement } from './prepared-statement';
export type { Pool as ServicePool } from 'pg';
