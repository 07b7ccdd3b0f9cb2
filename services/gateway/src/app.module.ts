import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { platformModules } from '@strata/service';
import { AdminSetupController } from './admin/admin-setup.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { AdminUsersListController } from './admin/users-list.controller';
import { AccountController } from './account/account.controller';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuthModule } from './auth/auth.module';
import { CloudAccountsController } from './cloud-accounts/cloud-accounts.controller';
import { AppsController } from './apps/apps.controller';
import { ClustersController } from './clusters/clusters.controller';
import { GATEWAY_CONFIG, GatewayConfig } from './config';
import { EventsController } from './events/events.controller';
import { SseHub } from './events/sse-hub';
import { GoogleModule } from './google/google.module';
import { ProblemFilter } from './http/problem.filter';
import { InvitationsController } from './invitations/invitations.controller';
import { JwksController } from './jwks/jwks.controller';
import { MembersController } from './members/members.controller';
import {
  NotificationPreferencesController,
  NotificationsController,
} from './notifications/notifications.controller';
import { OrgsController } from './orgs/orgs.controller';
import { ProfileController } from './profile/profile.controller';
import { SessionsController } from './sessions/sessions.controller';
import { StorageConnectorsController } from './storage-connectors/storage-connectors.controller';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [...platformModules({ service: 'gateway', config }), AuthModule, GoogleModule],
      controllers: [
        AdminUsersController,
        AdminSetupController,
        AdminUsersListController,
        AccountController,
        ProfileController,
        OrgsController,
        MembersController,
        AuditLogController,
        InvitationsController,
        SessionsController,
        JwksController,
        CloudAccountsController,
        StorageConnectorsController,
        NotificationsController,
        NotificationPreferencesController,
        EventsController,
        ClustersController,
        AppsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        SseHub,
      ],
      exports: [GATEWAY_CONFIG],
    };
  }
}
