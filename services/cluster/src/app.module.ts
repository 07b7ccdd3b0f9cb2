import { DynamicModule, Module } from '@nestjs/common';
import { AuthzModule } from '@strata/authz';
import { HealthModule } from '@strata/health';
import { LoggingModule } from '@strata/logging';
import { EventBus, MessagingModule } from '@strata/messaging';
import { ClustersHandlers } from './clusters/clusters.handlers';
import { ClustersService } from './clusters/clusters.service';
import { CLUSTER_CONFIG, ClusterConfig } from './config';
import { CLUSTER_SCHEMA, PrismaService } from './database/prisma.service';
import { JOB_RUNNER } from './runner/job-runner';
import { createRunner } from './runner/runner.factory';
import { RunsService } from './runs/runs.service';

@Module({})
export class AppModule {
  static forRoot(config: ClusterConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so HealthModule's readiness checks can reach the Prisma client.
      global: true,
      imports: [
        LoggingModule.forRoot('cluster', config.LOG_LEVEL),
        MessagingModule.forRoot({
          service: 'cluster',
          natsUrl: config.NATS_URL,
          outbox: { schema: CLUSTER_SCHEMA, databaseUrl: config.DATABASE_URL },
        }),
        AuthzModule.forRoot({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }),
        HealthModule.forRoot({
          inject: [PrismaService, EventBus],
          useFactory: (prisma: PrismaService, bus: EventBus) => ({
            database: () => prisma.$queryRaw`SELECT 1`,
            nats: () => bus.nats.flush(),
          }),
        }),
      ],
      controllers: [ClustersHandlers],
      providers: [
        { provide: CLUSTER_CONFIG, useValue: config },
        { provide: JOB_RUNNER, useFactory: () => createRunner(config) },
        PrismaService,
        RunsService,
        ClustersService,
      ],
      exports: [PrismaService],
    };
  }
}
