import { DynamicModule, Module } from '@nestjs/common';
import { platformModules } from '@strata/service';
import { AccountDeletionHandlers } from './account-deletion/account-deletion.handlers';
import { AccountDeletionRepository } from './account-deletion/account-deletion.repository';
import { CheckDeletion } from './account-deletion/check-deletion';
import { EraseProfile } from './account-deletion/erase-profile';
import { UserDeletedConsumer } from './account-deletion/user-deleted.consumer';
import { AdminSetupHandlers } from './platform-admin/admin-setup.handlers';
import { ClaimPlatformAdmin } from './platform-admin/claim-platform-admin';
import { SetupTokenIssuer } from './platform-admin/setup-token-issuer';
import { ACCOUNTS_CONFIG, AccountsConfig } from './config';
import { ACCOUNTS_SCHEMA, PrismaService } from './database/prisma.service';
import { AuthEventsConsumer } from './profiles/auth-events.consumer';
import { ClaimsHandlers } from './profiles/claims.handlers';
import { ProfileHandlers } from './profiles/profile.handlers';
import { ProfilesService } from './profiles/profiles.service';
import { ProfileReadsRepository } from './profiles/profile-reads.repository';
import { InvitationsHandlers } from './invitations/invitations.handlers';
import { InvitationsService } from './invitations/invitations.service';
import { MembersHandlers } from './members/members.handlers';
import { MembersService } from './members/members.service';
import { OrganizationsHandlers } from './organizations/organizations.handlers';
import { OrganizationsService } from './organizations/organizations.service';
import { UsersHandlers } from './users/users.handlers';
import { AuditEventsConsumer } from './audit/audit-events.consumer';
import { AuditHandlers } from './audit/audit.handlers';
import { AuditRepository } from './audit/audit.repository';
import { AuditRetention } from './audit/audit-retention';
import { ListAuditEntries } from './audit/list-audit-entries';
import { DeleteOrganization } from './organizations/delete-organization';
import { GetOrganization } from './organizations/get-organization';
import { OrganizationLeftovers } from './organizations/organization-leftovers';
import { OrganizationLifecycleRepository } from './organizations/organization-lifecycle.repository';
import { OrganizationTeardownConsumer } from './organizations/organization-teardown.consumer';
import { RecipientsHandlers } from './users/recipients.handlers';

@Module({})
export class AppModule {
  static forRoot(config: AccountsConfig): DynamicModule {
    return {
      module: AppModule,
      // Global so HealthModule's readiness checks can reach the Prisma client.
      global: true,
      imports: [
        ...platformModules({
          service: 'accounts',
          config,
          database: { schema: ACCOUNTS_SCHEMA, url: config.DATABASE_URL, client: PrismaService },
        }),
      ],
      controllers: [
        ClaimsHandlers,
        ProfileHandlers,
        OrganizationsHandlers,
        MembersHandlers,
        InvitationsHandlers,
        UsersHandlers,
        RecipientsHandlers,
        AccountDeletionHandlers,
        AdminSetupHandlers,
        AuditHandlers,
      ],
      providers: [
        { provide: ACCOUNTS_CONFIG, useValue: config },
        PrismaService,
        ProfilesService,
        ProfileReadsRepository,
        OrganizationsService,
        MembersService,
        InvitationsService,
        AuthEventsConsumer,
        AccountDeletionRepository,
        CheckDeletion,
        EraseProfile,
        UserDeletedConsumer,
        ClaimPlatformAdmin,
        SetupTokenIssuer,
        OrganizationLifecycleRepository,
        OrganizationLeftovers,
        GetOrganization,
        DeleteOrganization,
        OrganizationTeardownConsumer,
        AuditRepository,
        ListAuditEntries,
        AuditEventsConsumer,
        AuditRetention,
      ],
      exports: [PrismaService],
    };
  }
}
