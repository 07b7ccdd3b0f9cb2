import { DynamicModule, Module } from '@nestjs/common';
import { ORG_USAGE_TOKEN } from '@strata/authz';
import { platformModules } from '@strata/service';
import { AppQueries } from './apps/app-queries';
import { AppRunLauncher } from './apps/app-run-launcher';
import { AppRunsKind } from './apps/app-runs.kind';
import { AppSecretStore } from './apps/app-secrets';
import { AppsHandlers } from './apps/apps.handlers';
import { AppsRepository } from './apps/apps.repository';
import { ChangeApp } from './apps/change-app';
import { DeleteClusterWithApps } from './apps/delete-cluster-with-apps';
import { DestroyAfterApps } from './apps/destroy-after-apps';
import { InstallApp } from './apps/install-app';
import { ReadAdminCredentials } from './apps/read-admin-credentials';
import { RetryAppRun } from './apps/retry-app-run';
import { UninstallApp } from './apps/uninstall-app';
import { ClustersHandlers } from './clusters/clusters.handlers';
import { KubeconfigMinter } from './access/kubeconfig-minter';
import { DownloadKubeconfig } from './access/download-kubeconfig';
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
import { RunTransitionsRepository } from './runs/run-transitions.repository';
import { RunsService } from './runs/runs.service';
import { OrgUsageHandlers } from './usage/org-usage.handlers';
import { OrgUsageRepository } from './usage/org-usage.repository';
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
          database: {
            schema: CLUSTER_SCHEMA,
            url: config.DATABASE_URL,
            client: PrismaService,
            directPublish: true,
          },
        }),
      ],
      controllers: [ClustersHandlers, AppsHandlers, OrgUsageHandlers],
      providers: [
        { provide: CLUSTER_CONFIG, useValue: config },
        { provide: ORG_USAGE_TOKEN, useValue: config.ORG_USAGE_TOKEN },
        OrgUsageRepository,
        { provide: JOB_RUNNER, useFactory: () => createRunner(config) },
        PrismaService,
        ClustersRepository,
        RunsRepository,
        RunTransitionsRepository,
        CloudClient,
        RunsService,
        RunLauncher,
        RunnerLifecycle,
        ClusterQueries,
        CreateCluster,
        DeleteCluster,
        RetryRun,
        CancelRun,
        // apps (issue 11)
        AppsRepository,
        AppSecretStore,
        AppRunsKind,
        AppRunLauncher,
        AppQueries,
        InstallApp,
        ChangeApp,
        UninstallApp,
        RetryAppRun,
        ReadAdminCredentials,
        DeleteClusterWithApps,
        DestroyAfterApps,
        ChangeCluster,
        KubeconfigMinter,
        DownloadKubeconfig,
        DeletingOrganizationsRepository,
        AdvanceTeardown,
        OrgTeardownConsumer,
      ],
      exports: [PrismaService, KubeconfigMinter],
    };
  }
}
