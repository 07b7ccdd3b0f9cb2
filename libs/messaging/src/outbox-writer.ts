import { randomUUID } from 'node:crypto';
import { EventSubject, EventInit, encodeEvent } from './contracts';
import { outboxChannel, quoteIdent, SqlExecutor } from './sql-executor';
import { traceContextRecord } from '@strata/telemetry';

/** One event for `OutboxWriter.rows`. */
export interface OutboxEventInit<S extends EventSubject = EventSubject> {
  subject: S;
  data: EventInit<S>;
  eventId?: string;
}

/**
 * Writes a domain event into the service's outbox table inside the caller's transaction, so the
 * event exists if and only if the state change committed. The relay publishes it afterwards.
 */
export class OutboxWriter {
  /** The outbox table (schema-qualified, quoted) and the relay's notification channel. */
  readonly table: string;
  readonly channel: string;
  private readonly insertSql: string;
  private readonly notifySql: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.outbox`;
    this.channel = outboxChannel(schema);
    this.insertSql = `INSERT INTO ${quoteIdent(schema)}.outbox (id, subject, payload, headers) VALUES ($1::uuid, $2, $3::jsonb, $4::jsonb)`;
    this.notifySql = `NOTIFY ${quoteIdent(outboxChannel(schema))}`;
  }

  async add<S extends EventSubject>(
    tx: SqlExecutor,
    subject: S,
    data: EventInit<S>,
    eventId: string = randomUUID(),
  ): Promise<string> {
    const payload = encodeEvent(subject, data);
    const headers = { ...traceContextRecord(), 'Strata-Occurred-At': new Date().toISOString() };
    await tx.$executeRawUnsafe(
      this.insertSql,
      eventId,
      subject,
      JSON.stringify(payload),
      JSON.stringify(headers),
    );
    await tx.$executeRawUnsafe(this.notifySql);
    return eventId;
  }

  /**
   * The outbox columns of events (id, subject, JSON payload and headers, in order), for a caller
   * that inserts them in a statement of its own (e.g. a data-modifying CTE beside its state
   * change) into `table`, then notifies `channel` (pg_notify) in the same transaction.
   */
  rows(events: OutboxEventInit[]): {
    ids: string[];
    subjects: string[];
    payloads: string[];
    headers: string[];
  } {
    const headers = JSON.stringify({
      ...traceContextRecord(),
      'Strata-Occurred-At': new Date().toISOString(),
    });
    return {
      ids: events.map((e) => e.eventId ?? randomUUID()),
      subjects: events.map((e) => e.subject),
      payloads: events.map((e) => JSON.stringify(encodeEvent(e.subject, e.data as never))),
      headers: events.map(() => headers),
    };
  }
}
