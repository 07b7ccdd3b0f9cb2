import { headers as natsHeaders, JetStreamClient } from 'nats';
import { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { failpoint } from './failpoints';
import { outboxChannel, quoteIdent } from './sql-executor';

interface OutboxRow {
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  schema: string;
  pool: Pool;
  js: JetStreamClient;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  /**
   * The outbox has `publish_after` (rows leased to a DirectPublisher): a row is published only
   * once its lease is over (or it has none).
   */
  leases?: boolean;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = event id, then marks them.
 * A crash between publish and mark republishes the same id, which JetStream's duplicate window
 * drops, and consumers dedupe by id as well: nothing is lost, nothing is delivered twice.
 * It wakes on LISTEN/NOTIFY and also polls, so rows written while it was down go out on start.
 * With `leases`, rows a DirectPublisher is publishing are left to it until their lease ends.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly selectSql: string;
  private listener?: PoolClient;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${quoteIdent(options.schema)}.outbox`;
    const due = options.leases ? ' AND (publish_after IS NULL OR publish_after <= now())' : '';
    this.selectSql = `SELECT id, subject, payload, headers FROM ${this.table}
          WHERE published_at IS NULL${due} ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`;
  }

  async start(): Promise<void> {
    this.listener = await this.options.pool.connect();
    this.listener.on('notification', () => this.kick());
    this.listener.on('error', (err) => this.options.logger.warn({ err }, 'outbox listener error'));
    await this.listener.query(`LISTEN ${quoteIdent(outboxChannel(this.options.schema))}`);
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs ?? 2000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.listener?.release();
  }

  /** Drains now, or once more after the drain in progress (calls coalesce). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.options.logger.error({ err }, 'outbox relay failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes until the outbox is empty; resolves with the number of events published. */
  async drain(): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    let total = 0;
    for (;;) {
      const published = await this.publishBatch(batchSize);
      total += published;
      if (published < batchSize || this.stopped) return total;
    }
  }

  private async publishBatch(limit: number): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(this.selectSql, [limit]);
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      failpoint('outbox.before_publish');
      // Publishes are pipelined on one connection, so they reach the stream in outbox order.
      await Promise.all(rows.map((row) => this.publish(row)));
      failpoint('outbox.after_publish');
      await client.query(
        `UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`,
        [rows.map((row) => row.id)],
      );
      await client.query('COMMIT');
      for (const row of rows) {
        this.options.logger.debug({ eventId: row.id, subject: row.subject }, 'event published');
      }
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async publish(row: OutboxRow): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(row.headers ?? {})) h.set(key, String(value));
    h.set('Strata-Event-Id', row.id);
    await this.options.js.publish(
      row.subject,
      new TextEncoder().encode(JSON.stringify(row.payload)),
      {
        msgID: row.id,
        headers: h,
      },
    );
  }

  /** Removes rows published more than `olderThanHours` ago; the stream keeps the history. */
  async prune(olderThanHours = 24): Promise<number> {
    const result = await this.options.pool.query(
      `DELETE FROM ${this.table} WHERE published_at < now() - make_interval(hours => $1)`,
      [olderThanHours],
    );
    return result.rowCount ?? 0;
  }
}
