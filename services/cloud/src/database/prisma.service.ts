import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { CLOUD_CONFIG, CloudConfig } from '../config';

export const CLOUD_SCHEMA = 'cloud';

/** The cloud service's Prisma client, bound to its own `cloud` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(CLOUD_CONFIG) config: CloudConfig) {
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, CLOUD_SCHEMA) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
