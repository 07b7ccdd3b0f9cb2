import { Injectable } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { AppRunLauncher } from './app-run-launcher';
import { canRetry } from './app-state';
import { AppQueries } from './app-queries';
import { AppsRepository } from './apps.repository';

/** Retries a FAILED app's failed run: a new run of the same action (without a sandbox failure). */
@Injectable()
export class RetryAppRun {
  constructor(
    private readonly queries: AppQueries,
    private readonly apps: AppsRepository,
    private readonly launcher: AppRunLauncher,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string, appId: string) {
    const found = await this.queries.get(orgId, clusterId, appId);
    const [last] = await this.apps.history(appId);
    if (!canRetry(found.state, last))
      throw conflict(
        'cluster.app_nothing_to_retry',
        'Only an app whose last run failed can be retried.',
      );
    const app = await this.apps.transaction((tx) => this.apps.findById(tx, appId));
    return this.launcher.startNew(app, last!.action, caller.userId, {
      chartVersion: last!.chartVersion,
    });
  }
}
