import { Injectable } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { appInvalidState, appValidationFailed, parseSettingsJson } from './app-errors';
import { AppRunLauncher, busyError } from './app-run-launcher';
import { AppSecretStore } from './app-secrets';
import { canChange, changeAction } from './app-state';
import { AppQueries } from './app-queries';
import { AppsRepository } from './apps.repository';
import {
  findCatalogApp,
  mergeSettings,
  publicSettings,
  secretSettings,
  supportedChartVersions,
} from './catalog';

export interface ChangeAppInput {
  settingsJson?: string;
  chartVersion?: string;
  sandboxFailAt?: string;
}

/**
 * New settings and/or chart version: an upgrade run (UPGRADING), from RUNNING or FAILED. The
 * generated secrets are kept (regenerating them would break the app's database and cookies).
 */
@Injectable()
export class ChangeApp {
  constructor(
    private readonly queries: AppQueries,
    private readonly apps: AppsRepository,
    private readonly launcher: AppRunLauncher,
    private readonly secrets: AppSecretStore,
  ) {}

  async execute(
    caller: Principal,
    orgId: string,
    clusterId: string,
    appId: string,
    input: ChangeAppInput,
  ) {
    const found = await this.queries.get(orgId, clusterId, appId);
    const entry = findCatalogApp(found.catalogId)!;
    const parsed = parseSettingsJson(input.settingsJson);
    if (!parsed.ok) throw appValidationFailed([parsed.error]);
    const sealed = this.secrets.open(found);
    const previous = { ...(found.settings as Record<string, unknown>), ...sealed.settings };
    const result = mergeSettings(entry, previous, parsed.value);
    const errors = result.ok ? [] : [...result.errors];
    const chartVersion = input.chartVersion || found.chartVersion;
    if (!supportedChartVersions(entry).includes(chartVersion))
      errors.push({
        field: 'chartVersion',
        message: `Must be one of ${supportedChartVersions(entry).join(', ')} (the installer’s charts).`,
      });
    if (!result.ok || errors.length > 0) throw appValidationFailed(errors);
    if (!canChange(found.state))
      throw appInvalidState('Only a RUNNING or FAILED app can be changed', found.state);
    let runId: string;
    try {
      runId = await this.apps.transaction(async (tx) => {
        const app = await this.apps.findById(tx, appId);
        if (app.cluster.state !== 'READY')
          throw conflict(
            'cluster.not_ready',
            `Apps change on a READY cluster (it is ${app.cluster.state}).`,
          );
        await this.apps.update(tx, appId, {
          settings: publicSettings(entry, result.settings) as object,
          chartVersion,
          ...this.secrets.seal(appId, orgId, {
            generated: sealed.generated,
            settings: secretSettings(entry, result.settings),
          }),
        });
        const run = await this.launcher.insert(
          tx,
          app,
          changeAction(app.installedAt !== null),
          caller.userId,
          { chartVersion, sandboxFailAt: input.sandboxFailAt || null },
        );
        return run.id;
      });
    } catch (error) {
      throw busyError(error);
    }
    await this.launcher.launch(runId);
  }
}
