import { Injectable } from '@nestjs/common';
import type { Principal } from '@strata/authz';
import { appInvalidState } from './app-errors';
import { AppRunLauncher } from './app-run-launcher';
import { canUninstall } from './app-state';
import { AppQueries } from './app-queries';
import { AppsRepository } from './apps.repository';

/** Uninstalls an app (an uninstall run: UNINSTALLING -> UNINSTALLED), from RUNNING or FAILED. */
@Injectable()
export class UninstallApp {
  constructor(
    private readonly queries: AppQueries,
    private readonly apps: AppsRepository,
    private readonly launcher: AppRunLauncher,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string, appId: string) {
    const found = await this.queries.get(orgId, clusterId, appId);
    if (!canUninstall(found.state))
      throw appInvalidState('Only a RUNNING or FAILED app can be uninstalled', found.state);
    const app = await this.apps.transaction((tx) => this.apps.findById(tx, appId));
    await this.launcher.startNew(app, 'uninstall', caller.userId);
  }
}
