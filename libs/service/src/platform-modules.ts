import { DynamicModule, Type } from '@nestjs/common';
import { AuthzModule } from '@strata/authz';
import { HealthModule } from '@strata/health';
import { LoggingModule } from '@strata/logging';
import { EventBus, MessagingModule } from '@strata/messaging';

/** What readiness needs of a service's Prisma client. */
export interface DatabaseClient {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

export interface PlatformModulesOptions {
  service: string;
  config: {
    LOG_LEVEL: string;
    NATS_URL: string;
    AUTH_ISSUER: string;
    AUTH_AUDIENCE: string;
    RPC_DEADLINE_READ_MS?: number;
    RPC_DEADLINE_MS?: number;
    RPC_DEADLINE_SLOW_MS?: number;
    EVENT_ACK_WAIT_SECONDS?: number;
  };
  /** A service that stores data: its schema (with the outbox), URL and Prisma client class. */
  database?: {
    schema: string;
    url: string;
    client: Type<DatabaseClient>;
    /** Its outbox has `publish_after`: it publishes what it commits itself (EventBus.publishCommitted). */
    directPublish?: boolean;
  };
}

/**
 * The modules every service imports the same way: JSON logs, NATS and JetStream (with the
 * outbox when it has a database), token verification for its guards, and health probes that
 * check NATS and, where there is one, the database.
 */
export function platformModules({
  service,
  config,
  database,
}: PlatformModulesOptions): DynamicModule[] {
  return [
    LoggingModule.forRoot(service, config.LOG_LEVEL),
    MessagingModule.forRoot({
      service,
      natsUrl: config.NATS_URL,
      outbox: database && {
        schema: database.schema,
        databaseUrl: database.url,
        directPublish: database.directPublish,
      },
      rpcDeadlines: {
        readMs: config.RPC_DEADLINE_READ_MS,
        writeMs: config.RPC_DEADLINE_MS,
        slowMs: config.RPC_DEADLINE_SLOW_MS,
      },
      ackWaitSeconds: config.EVENT_ACK_WAIT_SECONDS,
    }),
    AuthzModule.forRoot({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }),
    database
      ? HealthModule.forRoot({
          inject: [database.client, EventBus],
          useFactory: (db: DatabaseClient, bus: EventBus) => ({
            database: () => db.$queryRawUnsafe('SELECT 1'),
            nats: () => bus.nats.flush(),
          }),
        })
      : HealthModule.forRoot({
          inject: [EventBus],
          useFactory: (bus: EventBus) => ({ nats: () => bus.nats.flush() }),
        }),
  ];
}
