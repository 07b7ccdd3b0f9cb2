import { randomUUID } from 'node:crypto';
import { EventSubject, EventInit, encodeEvent } from './contracts';
import { outboxChannel, quoteIdent, SqlExecutor } from './sql-executor';
import { traceContextRecord } from '@strata/telemetry';

/**
 * Writes a domain event into the service's outbox table inside the caller's transaction, so the
 * event exists if and only if the state change committed. The relay publishes it afterwards.
 */
export class OutboxWriter {
  private readonly insertSql: string;
  private readonly notifySql: string;

  constructor(schema: string) {
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
}
