import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter, createServicePool, type ServicePool } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { NOTIFY_CONFIG, NotifyConfig } from '../config';

export const NOTIFY_SCHEMA = 'notify';
/** Connections of one process when DATABASE_POOL_MAX is unset (docs/configuration.md). */
export const NOTIFY_POOL_MAX = 4;

/** The notify service's Prisma client, bound to its own `notify` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The process's pool, shared with Prisma: repositories run their prepared hot reads on it. */
  readonly pool: ServicePool;

  constructor(@Inject(NOTIFY_CONFIG) config: NotifyConfig) {
    const pool = createServicePool(config.DATABASE_URL, NOTIFY_SCHEMA, {
      max: config.DATABASE_POOL_MAX ?? NOTIFY_POOL_MAX,
    });
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, NOTIFY_SCHEMA, { pool }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
