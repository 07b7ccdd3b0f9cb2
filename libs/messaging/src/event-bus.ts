import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { Pool } from 'pg';
import { createLogger, Logger } from '@strata/logging';
import { connectNats } from './nats-connection';
import { ensureEventsStream } from './events-stream';
import { EventConsumers } from './event-consumer';
import { Inbox } from './inbox';
import { CommittedEvents, DirectPublisher } from './direct-publisher';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { SqlExecutor, TransactionRunner } from './sql-executor';

export interface MessagingOptions {
  service: string;
  natsUrl: string;
  /** Services that emit events keep an outbox in their own schema. */
  outbox?: {
    schema: string;
    databaseUrl: string;
    /**
     * The outbox has `publish_after`: the service may publish rows it just committed itself
     * (`publishCommitted`), the relay taking them only if their lease ends unmarked.
     */
    directPublish?: boolean;
  };
  /** Deadlines of this service's requests to others (defaults in rpc-deadlines.ts). */
  rpcDeadlines?: { readMs?: number; writeMs?: number; slowMs?: number };
  /** Ack wait of its durable consumers (default 10 s). */
  ackWaitSeconds?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * A service's link to JetStream: the `EVENTS` stream, its outbox (writer and relay) and its
 * durable consumers, all on one NATS connection, closed in order on shutdown.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnApplicationShutdown {
  readonly logger: Logger;
  readonly outbox?: OutboxWriter;
  private connection?: NatsConnection;
  private jetstream?: JetStreamClient;
  private manager?: JetStreamManager;
  private pool?: Pool;
  private relay?: OutboxRelay;
  private direct?: DirectPublisher;
  private readonly consumerGroups: EventConsumers<SqlExecutor>[] = [];

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.logger = createLogger(options.service).child({ component: 'event-bus' });
    if (options.outbox) this.outbox = new OutboxWriter(options.outbox.schema);
  }

  get nats(): NatsConnection {
    if (!this.connection) throw new Error('EventBus used before it connected');
    return this.connection;
  }

  async onModuleInit(): Promise<void> {
    this.connection = await connectNats(this.options.natsUrl, this.options.service);
    this.manager = await this.connection.jetstreamManager();
    await ensureEventsStream(this.manager, {
      onRetry: (err, attempt, delayMs) =>
        this.logger.warn({ err, attempt, delayMs }, 'EVENTS stream setup raced; retrying'),
    });
    this.jetstream = this.connection.jetstream();
    if (this.options.outbox) {
      this.pool = new Pool({ connectionString: this.options.outbox.databaseUrl, max: 3 });
      this.relay = new OutboxRelay({
        schema: this.options.outbox.schema,
        pool: this.pool,
        js: this.jetstream,
        logger: this.logger,
        leases: this.options.outbox.directPublish,
      });
      if (this.options.outbox.directPublish)
        this.direct = new DirectPublisher({
          schema: this.options.outbox.schema,
          pool: this.pool,
          js: this.jetstream,
          logger: this.logger,
          release: () => this.relay?.kick(),
        });
      await this.relay.start();
    }
  }

  /** A group of durable consumers whose handlers run once per event id. */
  consumers<Tx extends SqlExecutor>(db: TransactionRunner<Tx>, schema: string): EventConsumers<Tx> {
    if (!this.jetstream || !this.manager) throw new Error('EventBus used before it connected');
    const group = new EventConsumers<Tx>(
      this.jetstream,
      this.manager,
      new Inbox(db, schema),
      this.logger,
      { ackWaitMs: (this.options.ackWaitSeconds ?? 10) * 1000 },
    );
    this.consumerGroups.push(group as unknown as EventConsumers<SqlExecutor>);
    return group;
  }

  /** Publishes the outbox now instead of at the next notification (used after bulk writes). */
  flushOutbox(): void {
    this.relay?.kick();
  }

  /** Whether `publishCommitted` publishes (the outbox has leases); otherwise rows are the relay's. */
  get publishesDirectly(): boolean {
    return this.direct !== undefined;
  }

  /**
   * Publishes outbox rows that were just committed with a lease (`publish_after`), now, in the
   * order given; the relay publishes any that this process does not get marked in time.
   */
  publishCommitted(events: CommittedEvents): void {
    if (!this.direct) throw new Error('publishCommitted needs outbox.directPublish');
    this.direct.publish(events);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const group of this.consumerGroups) await group.stop();
    await this.direct?.stop();
    await this.relay?.stop();
    await this.connection?.drain().catch(() => undefined);
    await this.pool?.end();
  }
}
