import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter, createServicePool, type ServicePool } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { CLUSTER_CONFIG, ClusterConfig } from '../config';

export const CLUSTER_SCHEMA = 'cluster';
/** Connections of one process when DATABASE_POOL_MAX is unset (docs/configuration.md). */
export const CLUSTER_POOL_MAX = 10;

/** The cluster service's Prisma client, bound to its own `cluster` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The process's pool, shared with Prisma: repositories run their prepared hot reads on it. */
  readonly pool: ServicePool;

  constructor(@Inject(CLUSTER_CONFIG) config: ClusterConfig) {
    const pool = createServicePool(config.DATABASE_URL, CLUSTER_SCHEMA, {
      max: config.DATABASE_POOL_MAX ?? CLUSTER_POOL_MAX,
    });
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, CLUSTER_SCHEMA, { pool }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
