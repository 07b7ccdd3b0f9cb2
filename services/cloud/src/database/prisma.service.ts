import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter, createServicePool, type ServicePool } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { CLOUD_CONFIG, CloudConfig } from '../config';

export const CLOUD_SCHEMA = 'cloud';
/** Connections of one process when DATABASE_POOL_MAX is unset (docs/configuration.md). */
export const CLOUD_POOL_MAX = 4;

/** The cloud service's Prisma client, bound to its own `cloud` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The process's pool, shared with Prisma: repositories run their prepared hot reads on it. */
  readonly pool: ServicePool;

  constructor(@Inject(CLOUD_CONFIG) config: CloudConfig) {
    const pool = createServicePool(config.DATABASE_URL, CLOUD_SCHEMA, {
      max: config.DATABASE_POOL_MAX ?? CLOUD_POOL_MAX,
    });
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, CLOUD_SCHEMA, { pool }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
