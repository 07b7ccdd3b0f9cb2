/** Connection settings parsed from a `postgres://` / `postgresql://` URL. */
export interface DatabaseConnectionOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** The `?schema=` query parameter, when the URL has one. */
  schema?: string;
  /**
   * TLS from `?sslmode=` (libpq's names): `require` encrypts without verifying the server,
   * `verify-ca` / `verify-full` verify its certificate against Node's CAs (add a private CA such
   * as the RDS bundle with NODE_EXTRA_CA_CERTS). Absent, `disable`, `allow`, `prefer`: no TLS.
   */
  ssl?: { rejectUnauthorized: boolean };
  /** `?connection_limit=` (Prisma's name): the most connections one pool of the process opens. */
  connectionLimit?: number;
}

const SSL_MODES: Record<string, DatabaseConnectionOptions['ssl'] | undefined> = {
  disable: undefined,
  allow: undefined,
  prefer: undefined,
  require: { rejectUnauthorized: false },
  'verify-ca': { rejectUnauthorized: true },
  'verify-full': { rejectUnauthorized: true },
};

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/strata';

/**
 * Splits a PostgreSQL URL into the discrete settings `pg` and the Prisma
 * adapter take (the adapter is given these, never the raw string).
 */
export function parseDatabaseUrl(url: string): DatabaseConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must use postgres:// or postgresql://, got ${parsed.protocol}//`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL has no database name');
  if (database.includes('/')) throw new Error('DATABASE_URL database name must not contain "/"');

  const options: DatabaseConnectionOptions = {
    host: decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1')) || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: parsed.username ? decodeURIComponent(parsed.username) : 'postgres',
    database,
  };
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  const schema = parsed.searchParams.get('schema');
  if (schema) options.schema = schema;
  const limit = parsed.searchParams.get('connection_limit');
  if (limit !== null) {
    if (!/^[1-9]\d{0,3}$/.test(limit))
      throw new Error('DATABASE_URL connection_limit must be a whole number from 1 to 9999');
    options.connectionLimit = Number(limit);
  }
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode !== null) {
    if (!(sslmode in SSL_MODES))
      throw new Error(`DATABASE_URL sslmode must be one of ${Object.keys(SSL_MODES).join(', ')}`);
    const ssl = SSL_MODES[sslmode];
    if (ssl) options.ssl = { ...ssl };
  }
  return options;
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
