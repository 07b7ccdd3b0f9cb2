import { randomUUID } from 'node:crypto';
import { EventSubject, EventInit, encodeEvent } from './contracts';
import { outboxChannel, quoteIdent, SqlExecutor } from './sql-executor';
import { traceContextRecord } from '@strata/telemetry';

/**
 * Writes a domain event into the service's outbox table inside the caller's transaction, so the
 * event exists if and only if the state change committed. The relay publishes it afterwards.
 */
/** One event for `OutboxWriter.addMany`. */
export interface OutboxEventInit<S extends EventSubject = EventSubject> {
  subject: S;
  data: EventInit<S>;
  eventId?: string;
}

export class OutboxWriter {
  private readonly insertSql: string;
  private readonly insertManySql: string;
  private readonly notifySql: string;

  constructor(schema: string) {
    this.insertSql = `INSERT INTO ${quoteIdent(schema)}.outbox (id, subject, payload, headers) VALUES ($1::uuid, $2, $3::jsonb, $4::jsonb)`;
    this.insertManySql = `INSERT INTO ${quoteIdent(schema)}.outbox (id, subject, payload, headers) SELECT id, subject, payload::jsonb, headers::jsonb FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS e(id, subject, payload, headers)`;
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
   * Several events in one multi-row statement and one notification (a batch of transitions);
   * answers their ids in order. As with `add`, events of one transaction share created_at.
   */
  async addMany(tx: SqlExecutor, events: OutboxEventInit[]): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = events.map((e) => e.eventId ?? randomUUID());
    const headers = JSON.stringify({
      ...traceContextRecord(),
      'Strata-Occurred-At': new Date().toISOString(),
    });
    await tx.$executeRawUnsafe(
      this.insertManySql,
      ids,
      events.map((e) => e.subject),
      events.map((e) => JSON.stringify(encodeEvent(e.subject, e.data as never))),
      events.map(() => headers),
    );
    await tx.$executeRawUnsafe(this.notifySql);
    return ids;
  }
}
