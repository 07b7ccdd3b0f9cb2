/** The slice of a Prisma client or interactive transaction that the outbox and inbox need. */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface TransactionRunner<Tx extends SqlExecutor = SqlExecutor> {
  $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/** Quotes a PostgreSQL identifier (schema names come from configuration, never from users). */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return `"${name}"`;
}

export const outboxChannel = (schema: string) => `strata_outbox_${schema}`;
