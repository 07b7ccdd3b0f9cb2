import { DynamicModule, Module } from '@nestjs/common';
import { AuthzModule } from '@strata/authz';
import { HealthModule } from '@strata/health';
import { LoggingModule } from '@strata/logging';
import { EventBus, MessagingModule } from '@strata/messaging';
import { AccountVerifier } from './accounts/account-verifier';
import { AccountsHandlers } from './accounts/accounts.handlers';
import { AccountsService } from './accounts/accounts.service';
import { CLOUD_CONFIG, CloudConfig } from './config';
import { ConnectorsHandlers } from './connectors/connectors.handlers';
import { ConnectorsService } from './connectors/connectors.service';
import { StorageProbe } from './connectors/storage-probe';
import { CredentialsHandlers } from './credentials/credentials.handlers';
import { CredentialsService } from './credentials/credentials.service';
import { InternalCallerGuard } from './credentials/internal-caller.guard';
import { KeyRotation } from './crypto/key-rotation';
import { SecretStore } from './crypto/secret-store';
import { CLOUD_SCHEMA, PrismaService } from './database/prisma.service';
import { AwsProvider } from './providers/aws.provider';
import { AzureProvider } from './providers/azure.provider';
import { CloudEndpoints } from './providers/cloud-endpoints';
import { GcpProvider } from './providers/gcp.provider';

@Module({})
export class AppModule {
  static forRoot(config: CloudConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so HealthModule's readiness checks can reach the Prisma client.
      global: true,
      imports: [
        LoggingModule.forRoot('cloud', config.LOG_LEVEL),
        MessagingModule.forRoot({
          service: 'cloud',
          natsUrl: config.NATS_URL,
          outbox: { schema: CLOUD_SCHEMA, databaseUrl: config.DATABASE_URL },
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
      controllers: [AccountsHandlers, ConnectorsHandlers, CredentialsHandlers],
      providers: [
        { provide: CLOUD_CONFIG, useValue: config },
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
        InternalCallerGuard,
      ],
      exports: [PrismaService],
    };
  }
}
