import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter, createServicePool, type ServicePool } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';

export const ACCOUNTS_SCHEMA = 'accounts';
/** Connections of one process when DATABASE_POOL_MAX is unset (docs/configuration.md). */
export const ACCOUNTS_POOL_MAX = 10;

/** The accounts service's Prisma client, bound to its own `accounts` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The process's pool, shared with Prisma: repositories run their prepared hot reads on it. */
  readonly pool: ServicePool;

  constructor(@Inject(ACCOUNTS_CONFIG) config: AccountsConfig) {
    const pool = createServicePool(config.DATABASE_URL, ACCOUNTS_SCHEMA, {
      max: config.DATABASE_POOL_MAX ?? ACCOUNTS_POOL_MAX,
    });
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, ACCOUNTS_SCHEMA, { pool }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
