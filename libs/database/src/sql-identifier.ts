const SIMPLE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Service schema names are plain lowercase identifiers (`auth`, `notify`):
 * they go into DDL and into the connection's `search_path` option unquoted-safe.
 */
export function assertSchemaName(schema: string): string {
  if (!SIMPLE_IDENTIFIER.test(schema)) {
    throw new Error(
      `invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _ (max 63)`,
    );
  }
  return schema;
}

/** Quotes a PostgreSQL identifier (database or schema name) for use in DDL. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || Buffer.byteLength(name) > 63) {
    throw new Error(`invalid PostgreSQL identifier length: ${JSON.stringify(name)}`);
  }
  if (name.includes('\0')) throw new Error('PostgreSQL identifier contains a NUL byte');
  return `"${name.replace(/"/g, '""')}"`;
}
