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
import { failpoint } from './failpoints';
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
const DEFAULT_ACK_WAIT_MS = 10_000;
/**
 * Events pulled ahead of the one being handled. Their ack wait runs from delivery, so the batch is
 * kept small: a short ack wait then redelivers (the inbox drops the duplicate) rather than waits.
 */
const PULL_BATCH = 32;

export interface EventConsumersOptions {
  /**
   * How long JetStream waits for an ack before delivering an event again: after a crash, the
   * events the dead process had pulled come back this soon. A handler that runs longer keeps its
   * event with in-progress acks (`working()`) every third of it.
   */
  ackWaitMs?: number;
}

/** Durable JetStream pull consumers whose handlers run once per event id. */
export class EventConsumers<Tx extends SqlExecutor> {
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly ackWaitMs: number;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly inbox: Inbox<Tx>,
    private readonly logger: Logger,
    options: EventConsumersOptions = {},
  ) {
    this.ackWaitMs = options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  }

  async start<S extends EventSubject>(spec: EventHandlerSpec<S, Tx>): Promise<void> {
    const settings = {
      ack_wait: this.ackWaitMs * 1_000_000,
      max_ack_pending: 1000,
    };
    try {
      await this.jsm.consumers.add(EVENTS_STREAM, {
        durable_name: spec.durable,
        filter_subject: spec.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...settings,
      });
    } catch (error) {
      // A durable made by an older release with other settings: bring them up to date.
      if (!/already exists/i.test(String((error as Error).message))) throw error;
      await this.jsm.consumers.update(EVENTS_STREAM, spec.durable, settings);
    }
    const consumer = await this.js.consumers.get(EVENTS_STREAM, spec.durable);
    const messages = await consumer.consume({ max_messages: PULL_BATCH });
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
    // Fault-injection point of the tests: a process dying with events pulled and not acked.
    failpoint(`consumer.${spec.durable}.before_handle`);
    const heartbeat = setInterval(() => msg.working(), Math.max(500, this.ackWaitMs / 3));
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
    } finally {
      clearInterval(heartbeat);
    }
  }
}
