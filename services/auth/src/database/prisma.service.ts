import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter, createServicePool, type ServicePool } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { AUTH_CONFIG, AuthConfig } from '../config';

export const AUTH_SCHEMA = 'auth';
/** Connections of one process when DATABASE_POOL_MAX is unset (docs/configuration.md). */
export const AUTH_POOL_MAX = 5;

/** The auth service's Prisma client, bound to its own `auth` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The process's pool, shared with Prisma: repositories run their prepared hot reads on it. */
  readonly pool: ServicePool;

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    const pool = createServicePool(config.DATABASE_URL, AUTH_SCHEMA, {
      max: config.DATABASE_POOL_MAX ?? AUTH_POOL_MAX,
    });
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, AUTH_SCHEMA, { pool }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
