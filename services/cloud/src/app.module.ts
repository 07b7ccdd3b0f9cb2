import { DynamicModule, Module } from '@nestjs/common';
import { ORG_USAGE_TOKEN } from '@strata/authz';
import { platformModules } from '@strata/service';
import { AccountVerifier } from './accounts/account-verifier';
import { AccountsHandlers } from './accounts/accounts.handlers';
import { AccountsService } from './accounts/accounts.service';
import { CLOUD_CONFIG, CloudConfig } from './config';
import { ConnectorsHandlers } from './connectors/connectors.handlers';
import { ConnectorsService } from './connectors/connectors.service';
import { StorageProbe } from './connectors/storage-probe';
import { CredentialsHandlers } from './credentials/credentials.handlers';
import { CredentialsService } from './credentials/credentials.service';
import { IssueKubeToken } from './credentials/issue-kube-token';
import { InternalCallerGuard } from './credentials/internal-caller.guard';
import { KeyRotation } from './crypto/key-rotation';
import { SecretStore } from './crypto/secret-store';
import { CLOUD_SCHEMA, PrismaService } from './database/prisma.service';
import { AwsProvider } from './providers/aws.provider';
import { AzureProvider } from './providers/azure.provider';
import { CloudEndpoints } from './providers/cloud-endpoints';
import { GcpProvider } from './providers/gcp.provider';
import { OrgUsageHandlers } from './usage/org-usage.handlers';
import { OrgUsageRepository } from './usage/org-usage.repository';
import { DeletingOrganizationsRepository } from './org-teardown/deleting-organizations.repository';
import { OrgTeardownConsumer } from './org-teardown/org-teardown.consumer';

@Module({})
export class AppModule {
  static forRoot(config: CloudConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so HealthModule's readiness checks can reach the Prisma client.
      global: true,
      imports: [
        ...platformModules({
          service: 'cloud',
          config,
          database: { schema: CLOUD_SCHEMA, url: config.DATABASE_URL, client: PrismaService },
        }),
      ],
      controllers: [AccountsHandlers, ConnectorsHandlers, CredentialsHandlers, OrgUsageHandlers],
      providers: [
        { provide: CLOUD_CONFIG, useValue: config },
        { provide: ORG_USAGE_TOKEN, useValue: config.ORG_USAGE_TOKEN },
        OrgUsageRepository,
        PrismaService,
        SecretStore,
        KeyRotation,
        CloudEndpoints,
        AwsProvider,
        AzureProvider,
        GcpProvider,
        AccountVerifier,
        AccountsService,
        StorageProbe,
        ConnectorsService,
        CredentialsService,
        IssueKubeToken,
        InternalCallerGuard,
        DeletingOrganizationsRepository,
        OrgTeardownConsumer,
      ],
      exports: [PrismaService],
    };
  }
}
