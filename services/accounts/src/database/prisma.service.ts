import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';

export const ACCOUNTS_SCHEMA = 'accounts';

/** The accounts service's Prisma client, bound to its own `accounts` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(ACCOUNTS_CONFIG) config: AccountsConfig) {
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, ACCOUNTS_SCHEMA) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
