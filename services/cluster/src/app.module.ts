import { DynamicModule, Module } from '@nestjs/common';
import { platformModules } from '@strata/service';
import { ClustersHandlers } from './clusters/clusters.handlers';
import { KubeconfigMinter } from './access/kubeconfig-minter';
import { CloudClient } from './cloud/cloud.client';
import { ChangeCluster } from './clusters/change-cluster';
import { CancelRun } from './clusters/cancel-run';
import { ClusterQueries } from './clusters/cluster-queries';
import { ClustersRepository } from './clusters/clusters.repository';
import { CreateCluster } from './clusters/create-cluster';
import { DeleteCluster } from './clusters/delete-cluster';
import { RetryRun } from './clusters/retry-run';
import { CLUSTER_CONFIG, ClusterConfig } from './config';
import { CLUSTER_SCHEMA, PrismaService } from './database/prisma.service';
import { JOB_RUNNER } from './runner/job-runner';
import { createRunner } from './runner/runner.factory';
import { RunLauncher } from './runs/run-launcher';
import { RunnerLifecycle } from './runs/runner-lifecycle';
import { RunsRepository } from './runs/runs.repository';
import { RunsService } from './runs/runs.service';
import { AdvanceTeardown } from './org-teardown/advance-teardown';
import { DeletingOrganizationsRepository } from './org-teardown/deleting-organizations.repository';
import { OrgTeardownConsumer } from './org-teardown/org-teardown.consumer';

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
      controllers: [ClustersHandlers],
      providers: [
        { provide: CLUSTER_CONFIG, useValue: config },
        { provide: JOB_RUNNER, useFactory: () => createRunner(config) },
        PrismaService,
        ClustersRepository,
        RunsRepository,
        CloudClient,
        RunsService,
        RunLauncher,
        RunnerLifecycle,
        ClusterQueries,
        CreateCluster,
        DeleteCluster,
        RetryRun,
        CancelRun,
        ChangeCluster,
        KubeconfigMinter,
        DeletingOrganizationsRepository,
        AdvanceTeardown,
        OrgTeardownConsumer,
      ],
      exports: [PrismaService, KubeconfigMinter],
    };
  }
}
