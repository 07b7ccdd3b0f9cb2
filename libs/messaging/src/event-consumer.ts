import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from 'nats';
import type { Logger } from 'pino';
import { contextFromRecord, inSpan, SpanKind } from '@strata/telemetry';
import { decodeEvent, EventData, EventSubject } from './contracts';
import { EVENTS_STREAM } from './events-stream';
import { Inbox } from './inbox';
import { SqlExecutor } from './sql-executor';

export interface DomainEvent<S extends EventSubject> {
  id: string;
  subject: S;
  occurredAt: string;
  data: EventData<S>;
}

export interface EventHandlerSpec<S extends EventSubject, Tx extends SqlExecutor> {
  /** Durable consumer name, `<service>-<purpose>`: it keeps its place across restarts. */
  durable: string;
  subject: S;
  /** Runs inside a transaction with the inbox row; throw to have the event redelivered. */
  handle(event: DomainEvent<S>, tx: Tx): Promise<void>;
  /**
   * Optional work after the transaction committed (such as sending an email). It runs on every
   * delivery, duplicates included, so a failure is retried by redelivery: make it idempotent.
   */
  afterCommit?(event: DomainEvent<S>): Promise<void>;
}

const REDELIVERY_DELAY_MS = 2000;

/** Durable JetStream pull consumers whose handlers run once per event id. */
export class EventConsumers<Tx extends SqlExecutor> {
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly inbox: Inbox<Tx>,
    private readonly logger: Logger,
  ) {}

  async start<S extends EventSubject>(spec: EventHandlerSpec<S, Tx>): Promise<void> {
    await this.jsm.consumers.add(EVENTS_STREAM, {
      durable_name: spec.durable,
      filter_subject: spec.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30_000_000_000,
      max_ack_pending: 1000,
    });
    const consumer = await this.js.consumers.get(EVENTS_STREAM, spec.durable);
    const messages = await consumer.consume({ max_messages: 256 });
    this.subscriptions.push(messages);
    this.loops.push(this.loop(spec, messages));
  }

  async stop(): Promise<void> {
    for (const messages of this.subscriptions) await messages.close();
    await Promise.allSettled(this.loops);
  }

  private async loop<S extends EventSubject>(
    spec: EventHandlerSpec<S, Tx>,
    messages: ConsumerMessages,
  ) {
    for await (const msg of messages) {
      await this.process(spec, msg);
    }
  }

  private async process<S extends EventSubject>(
    spec: EventHandlerSpec<S, Tx>,
    msg: JsMsg,
  ): Promise<void> {
    const id = msg.headers?.get('Strata-Event-Id') || msg.headers?.get('Nats-Msg-Id') || '';
    const log = this.logger.child({ eventId: id, subject: msg.subject, consumer: spec.durable });
    let event: DomainEvent<S>;
    try {
      event = {
        id,
        subject: msg.subject as S,
        occurredAt:
          msg.headers?.get('Strata-Occurred-At') ||
          new Date(msg.info.timestampNanos / 1e6).toISOString(),
        data: decodeEvent(spec.subject, msg.data),
      };
      if (!id) throw new Error('event without an id');
    } catch (err) {
      // A message that breaks its contract will never succeed: record it and stop redelivery.
      log.error({ err }, 'event rejected: it does not match its contract');
      msg.term();
      return;
    }
    const carrier: Record<string, string> = {};
    for (const key of ['traceparent', 'tracestate']) {
      const value = msg.headers?.get(key);
      if (value) carrier[key] = value;
    }
    try {
      await inSpan(
        `consume ${msg.subject}`,
        SpanKind.CONSUMER,
        contextFromRecord(carrier),
        async () => {
          const ran = await this.inbox.runOnce(spec.durable, id, (tx) => spec.handle(event, tx));
          await spec.afterCommit?.(event);
          log.debug({ duplicate: !ran }, 'event handled');
        },
      );
      msg.ack();
    } catch (err) {
      log.error({ err }, 'event handler failed; it will be redelivered');
      msg.nak(REDELIVERY_DELAY_MS);
    }
  }
}
