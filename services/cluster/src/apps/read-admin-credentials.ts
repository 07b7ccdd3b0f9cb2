import { Injectable, Logger } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { EventBus } from '@strata/messaging';
import { appFields } from './app-events';
import { AppSecretStore } from './app-secrets';
import { credentialsReadable } from './app-state';
import { AppQueries } from './app-queries';
import { AppsRepository } from './apps.repository';
import { findCatalogApp } from './catalog';

/**
 * An installed app's admin credentials (from its sealed secrets), for admins and owners. Every
 * read is audited: evt.cluster.app.credentials_read, committed before the credentials are
 * answered, which notify turns into a notification to the organization's owners.
 */
@Injectable()
export class ReadAdminCredentials {
  private readonly logger = new Logger(ReadAdminCredentials.name);

  constructor(
    private readonly queries: AppQueries,
    private readonly apps: AppsRepository,
    private readonly secrets: AppSecretStore,
    private readonly bus: EventBus,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string, appId: string) {
    const found = await this.queries.get(orgId, clusterId, appId);
    if (!credentialsReadable(found.state, found.installedAt !== null))
      throw conflict(
        'cluster.app_not_installed',
        `The app’s admin credentials exist once it is installed (it is ${found.state}).`,
      );
    const entry = findCatalogApp(found.catalogId)!;
    const sealed = this.secrets.open(found);
    const settings = { ...(found.settings as Record<string, unknown>), ...sealed.settings };
    const credentials = entry.adminCredentials(settings, sealed.generated);
    await this.apps.transaction(async (tx) => {
      const app = await this.apps.findById(tx, appId);
      await this.bus.outbox!.add(tx, 'evt.cluster.app.credentials_read', {
        ...appFields(app),
        userId: caller.userId,
      });
    });
    this.logger.log({ orgId, clusterId, appId, userId: caller.userId }, 'admin credentials read');
    return credentials;
  }
}
