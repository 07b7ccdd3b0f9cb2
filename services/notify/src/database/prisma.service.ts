import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { NOTIFY_CONFIG, NotifyConfig } from '../config';

export const NOTIFY_SCHEMA = 'notify';

/** The notify service's Prisma client, bound to its own `notify` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(NOTIFY_CONFIG) config: NotifyConfig) {
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, NOTIFY_SCHEMA) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
