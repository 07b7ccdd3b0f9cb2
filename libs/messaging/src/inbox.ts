import { quoteIdent, SqlExecutor, TransactionRunner } from './sql-executor';

/**
 * Runs an event handler at most once per (consumer, event id): the handler's writes and the
 * inbox row commit together, so a redelivered event finds its row and is skipped.
 */
export class Inbox<Tx extends SqlExecutor> {
  private readonly insertSql: string;

  constructor(
    private readonly db: TransactionRunner<Tx>,
    schema: string,
  ) {
    this.insertSql = `INSERT INTO ${quoteIdent(schema)}.processed_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`;
  }

  /** Resolves true when `fn` ran, false when this consumer had already processed the event. */
  runOnce(consumer: string, eventId: string, fn: (tx: Tx) => Promise<void>): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const inserted = await tx.$executeRawUnsafe(this.insertSql, consumer, eventId);
      if (inserted === 0) return false;
      await fn(tx);
      return true;
    });
  }
}
