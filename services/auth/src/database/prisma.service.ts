import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createPrismaAdapter } from '@strata/database';
import { PrismaClient } from '../generated/prisma/client';
import { AUTH_CONFIG, AuthConfig } from '../config';

export const AUTH_SCHEMA = 'auth';

/** The auth service's Prisma client, bound to its own `auth` schema. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    super({ adapter: createPrismaAdapter(config.DATABASE_URL, AUTH_SCHEMA) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
