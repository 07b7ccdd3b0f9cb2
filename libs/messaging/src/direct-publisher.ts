import { headers as natsHeaders, JetStreamClient } from 'nats';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { failpoint } from './failpoints';
import { quoteIdent } from './sql-executor';

/**
 * How long an outbox row written for a direct publish is the committing process's alone
 * (`publish_after` = commit + this): the relay publishes it only if it is still not marked
 * published by then (the process died between its commit and its publish or mark, or the
 * mark failed). Far below JetStream's duplicate window (10 min), so such a late second publish
 * of the same id is dropped by the stream.
 */
export const DIRECT_PUBLISH_LEASE_MS = 5000;

/** Committed outbox rows, in commit order (the shape of `OutboxWriter.rows`). */
export interface CommittedEvents {
  ids: string[];
  subjects: string[];
  /** The JSON payloads, as inserted. */
  payloads: string[];
  /** The JSON headers, as inserted. */
  headers: string[];
}

export interface DirectPublisherOptions {
  schema: string;
  pool: Pool;
  js: JetStreamClient;
  logger: Logger;
  /** Called when rows are handed back to the relay (their publish failed). */
  release: () => void;
}

/**
 * Publishes outbox rows right after their transaction committed, from the process that
 * committed them, instead of waiting for the relay's NOTIFY → select → publish → mark. The rows
 * stay the durable copy: they were written with a lease (`publish_after`), so the relay leaves
 * them alone until it expires and then publishes whatever is still not marked. Publishes are
 * sent in call order on one NATS connection (so they reach the stream in commit order) and
 * their acks are not awaited one after another; acked rows are marked published in one UPDATE
 * per batch of acks, off the latency path. A publish that fails hands its row back to the relay
 * at once (lease cleared). Same ids as the relay's (`Nats-Msg-Id` = event id): a row published
 * here and again by the relay is dropped by JetStream, and consumers dedupe by id as well.
 */
export class DirectPublisher {
  private readonly markSql: string;
  private readonly releaseSql: string;
  private readonly inFlight = new Set<Promise<void>>();
  private acked: string[] = [];
  private marking?: Promise<void>;
  private markScheduled = false;
  private stopped = false;

  constructor(private readonly options: DirectPublisherOptions) {
    const table = `${quoteIdent(options.schema)}.outbox`;
    this.markSql = `UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL`;
    this.releaseSql = `UPDATE ${table} SET publish_after = NULL WHERE id = ANY($1::uuid[]) AND published_at IS NULL`;
  }

  /** Sends every event now (synchronously, in order); acks, marks and failures are handled later. */
  publish(events: CommittedEvents): void {
    if (events.ids.length === 0) return;
    failpoint('outbox.before_direct_publish');
    if (this.stopped) return; // the relay publishes them when the lease ends
    // A batch's rows usually share one headers string (OutboxWriter.rows): parsed once.
    const parsed = new Map<string, Record<string, unknown>>();
    const headersOf = (i: number) => {
      const json = events.headers[i]!;
      let value = parsed.get(json);
      if (!value) parsed.set(json, (value = JSON.parse(json) as Record<string, unknown>));
      return value;
    };
    const sent = events.ids.map((id, i) =>
      this.publishOne(id, events.subjects[i]!, events.payloads[i]!, headersOf(i)),
    );
    const all: Promise<void> = Promise.all(sent).then(() => undefined);
    this.inFlight.add(all);
    void all.finally(() => this.inFlight.delete(all));
  }

  private async publishOne(
    id: string,
    subject: string,
    payload: string,
    headers: Record<string, unknown>,
  ): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(headers)) h.set(key, String(value));
    h.set('Strata-Event-Id', id);
    try {
      // js.publish writes the message before its first await: the call order is the wire order.
      await this.options.js.publish(subject, Buffer.from(payload), {
        msgID: id,
        headers: h,
      });
    } catch (err) {
      this.options.logger.warn({ err, eventId: id }, 'direct publish failed; left to the relay');
      await this.options.pool.query(this.releaseSql, [[id]]).catch(() => undefined);
      this.options.release();
      return;
    }
    failpoint('outbox.after_direct_publish');
    this.acked.push(id);
    this.scheduleMark();
  }

  private scheduleMark(): void {
    if (this.markScheduled || this.marking) return;
    this.markScheduled = true;
    setImmediate(() => {
      this.markScheduled = false;
      this.marking = this.mark().finally(() => {
        this.marking = undefined;
        if (this.acked.length > 0) this.scheduleMark();
      });
    });
  }

  /** One UPDATE for every ack received since the last one. */
  private async mark(): Promise<void> {
    const ids = this.acked;
    this.acked = [];
    if (ids.length === 0) return;
    try {
      await this.options.pool.query(this.markSql, [ids]);
    } catch (err) {
      // Unmarked rows are published again by the relay after their lease: the same ids, dropped.
      this.options.logger.warn({ err, events: ids.length }, 'marking direct publishes failed');
    }
  }

  /** Waits for the publishes in flight and marks them (before NATS and the pool close). */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    while (this.marking || this.acked.length > 0) {
      if (this.marking) await this.marking;
      else await this.mark();
    }
  }
}
