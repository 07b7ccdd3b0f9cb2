import { DynamicModule, Module } from '@nestjs/common';
import { ORG_USAGE_TOKEN } from '@strata/authz';
import { platformModules } from '@strata/service';
import { ClustersHandlers } from './clusters/clusters.handlers';
import { ClustersService } from './clusters/clusters.service';
import { CLUSTER_CONFIG, ClusterConfig } from './config';
import { CLUSTER_SCHEMA, PrismaService } from './database/prisma.service';
import { JOB_RUNNER } from './runner/job-runner';
import { createRunner } from './runner/runner.factory';
import { RunsService } from './runs/runs.service';
import { OrgUsageHandlers } from './usage/org-usage.handlers';
import { OrgUsageRepository } from './usage/org-usage.repository';

@Module({})
export class AppModule {
  static forRoot(config: ClusterConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so HealthModule's readiness checks can reach the Prisma client.
      global: true,
      imports: [
        ...platformModules({
          service: 'cluster',
          config,
          database: { schema: CLUSTER_SCHEMA, url: config.DATABASE_URL, client: PrismaService },
        }),
      ],
      controllers: [ClustersHandlers, OrgUsageHandlers],
      providers: [
        { provide: CLUSTER_CONFIG, useValue: config },
        { provide: ORG_USAGE_TOKEN, useValue: config.ORG_USAGE_TOKEN },
        OrgUsageRepository,
        { provide: JOB_RUNNER, useFactory: () => createRunner(config) },
        PrismaService,
        RunsService,
        ClustersService,
      ],
      exports: [PrismaService],
    };
  }
}
