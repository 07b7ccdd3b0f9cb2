import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from 'nats';
import type { Logger } from 'pino';
import { isEventSubject } from '@strata/proto';
import { contextFromRecord, inSpan, SpanKind } from '@strata/telemetry';
import { decodeEvent, EventData, EventSubject } from './contracts';
import { EVENTS_STREAM } from './events-stream';
import { failpoint } from './failpoints';
import { Inbox } from './inbox';
import { retryJetStreamApi } from './jetstream-retry';
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
  /**
   * `false`: no inbox row and no transaction (`handle` is not called), only `afterCommit`, on
   * every delivery. For a consumer whose whole work is idempotent and outside the database's
   * transaction anyway (a step that rereads the state), so each event does not pay a
   * transaction and an insert for nothing.
   */
  inbox?: boolean;
}

/**
 * An event of any subject under a wildcard filter: `data` is the decoded message when the
 * subject is in proto/ (checked against its contract), otherwise the parsed JSON body, so a
 * subject added later by another service still arrives (and can be kept generically).
 */
export interface AnyDomainEvent {
  id: string;
  subject: string;
  occurredAt: string;
  /** True when `subject` is one of the contracts this build knows. */
  known: boolean;
  data: unknown;
}

export interface AnyEventHandlerSpec<Tx extends SqlExecutor> {
  durable: string;
  /** A filter such as `evt.cluster.>`. */
  subject: string;
  handle(event: AnyDomainEvent, tx: Tx): Promise<void>;
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

function decodeAny(subject: string, data: Uint8Array): { known: boolean; data: unknown } {
  if (isEventSubject(subject)) return { known: true, data: decodeEvent(subject, data) };
  const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('an event body must be a JSON object');
  return { known: false, data: parsed };
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
    await this.subscribe(spec.durable, spec.subject, (msg) => this.process(spec, msg));
  }

  /** A durable consumer of every subject under a wildcard filter, known or not. */
  async startAny(spec: AnyEventHandlerSpec<Tx>): Promise<void> {
    const typed: EventHandlerSpec<EventSubject, Tx> = {
      durable: spec.durable,
      subject: spec.subject as EventSubject,
      handle: (event, tx) => spec.handle(event as unknown as AnyDomainEvent, tx),
    };
    await this.subscribe(spec.durable, spec.subject, (msg) =>
      this.process(typed, msg, (subject, data) => decodeAny(subject, data)),
    );
  }

  private async subscribe(
    durable: string,
    subject: string,
    onMessage: (msg: JsMsg) => Promise<void>,
  ): Promise<void> {
    const settings = {
      ack_wait: this.ackWaitMs * 1_000_000,
      max_ack_pending: 1000,
    };
    // Every replica of the service binds the same durable (so each event is handled once across
    // them); replicas starting together race on the add/update, which a retry settles.
    const consumer = await retryJetStreamApi(
      async () => {
        try {
          await this.jsm.consumers.add(EVENTS_STREAM, {
            durable_name: durable,
            filter_subject: subject,
            ack_policy: AckPolicy.Explicit,
            deliver_policy: DeliverPolicy.All,
            ...settings,
          });
        } catch (error) {
          // A durable made by an older release (or the other replica): bring its settings up to date.
          if (!/already exists/i.test(String((error as Error).message))) throw error;
          await this.jsm.consumers.update(EVENTS_STREAM, durable, settings);
        }
        return this.js.consumers.get(EVENTS_STREAM, durable);
      },
      {
        onRetry: (err, attempt, delayMs) =>
          this.logger.warn({ err, durable, attempt, delayMs }, 'consumer setup raced; retrying'),
      },
    );
    const messages = await consumer.consume({ max_messages: PULL_BATCH });
    this.subscriptions.push(messages);
    this.loops.push(this.loop(messages, onMessage));
  }

  async stop(): Promise<void> {
    for (const messages of this.subscriptions) await messages.close();
    await Promise.allSettled(this.loops);
  }

  private async loop(messages: ConsumerMessages, onMessage: (msg: JsMsg) => Promise<void>) {
    for await (const msg of messages) {
      await onMessage(msg);
    }
  }

  private async process<S extends EventSubject>(
    spec: EventHandlerSpec<S, Tx>,
    msg: JsMsg,
    decode?: (subject: string, data: Uint8Array) => { known: boolean; data: unknown },
  ): Promise<void> {
    const id = msg.headers?.get('Strata-Event-Id') || msg.headers?.get('Nats-Msg-Id') || '';
    const log = this.logger.child({ eventId: id, subject: msg.subject, consumer: spec.durable });
    let event: DomainEvent<S>;
    try {
      const decoded = decode
        ? decode(msg.subject, msg.data)
        : { data: decodeEvent(spec.subject, msg.data) };
      event = {
        id,
        subject: msg.subject as S,
        occurredAt:
          msg.headers?.get('Strata-Occurred-At') ||
          new Date(msg.info.timestampNanos / 1e6).toISOString(),
        ...decoded,
        data: decoded.data as EventData<S>,
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
          const ran =
            spec.inbox === false ||
            (await this.inbox.runOnce(spec.durable, id, (tx) => spec.handle(event, tx)));
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
