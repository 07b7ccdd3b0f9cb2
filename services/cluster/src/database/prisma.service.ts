import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { CLUSTER_CONFIG, ClusterConfig } from '../config';

export const CLUSTER_SCHEMA = 'cluster';

/** The cluster service's Prisma client, bound to its own `cluster` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(CLUSTER_CONFIG) config: ClusterConfig) {
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, CLUSTER_SCHEMA) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
