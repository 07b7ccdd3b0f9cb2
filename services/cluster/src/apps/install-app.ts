import { Injectable, Logger } from '@nestjs/common';
import { conflict } from '@strata/errors';
import type { Principal } from '@strata/authz';
import { EventBus } from '@strata/messaging';
import { ClusterQueries } from '../clusters/cluster-queries';
import { LIVE_APP_INDEX, uniqueViolationOf, violates } from '../database/unique-violation';
import { appStateChanged } from './app-events';
import { appValidationFailed, parseSettingsJson } from './app-errors';
import { AppRunLauncher, busyError } from './app-run-launcher';
import { AppSecretStore } from './app-secrets';
import { AppsRepository } from './apps.repository';
import {
  findCatalogApp,
  isCatalogId,
  publicSettings,
  secretSettings,
  supportedChartVersions,
  validateSettings,
} from './catalog';

export interface InstallAppInput {
  catalogId: string;
  settingsJson?: string;
  chartVersion?: string;
  sandboxFailAt?: string;
}

/**
 * Installs a catalog app on a READY cluster: settings validated per field, secrets generated
 * once and sealed, the app (INSTALLING) and its install run in one transaction, then the Job.
 */
@Injectable()
export class InstallApp {
  private readonly logger = new Logger(InstallApp.name);

  constructor(
    private readonly clusters: ClusterQueries,
    private readonly apps: AppsRepository,
    private readonly launcher: AppRunLauncher,
    private readonly secrets: AppSecretStore,
    private readonly bus: EventBus,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string, input: InstallAppInput) {
    const cluster = await this.clusters.get(orgId, clusterId);
    if (!isCatalogId(input.catalogId))
      throw appValidationFailed([{ field: 'catalogId', message: 'Is not an app of the catalog.' }]);
    const entry = findCatalogApp(input.catalogId)!;
    const parsed = parseSettingsJson(input.settingsJson);
    if (!parsed.ok) throw appValidationFailed([parsed.error]);
    const result = validateSettings(entry, parsed.value);
    const errors = result.ok ? [] : [...result.errors];
    const chartVersion = input.chartVersion || entry.chart.version;
    if (!supportedChartVersions(entry).includes(chartVersion))
      errors.push({
        field: 'chartVersion',
        message: `Must be one of ${supportedChartVersions(entry).join(', ')} (the installer’s charts).`,
      });
    if (!result.ok || errors.length > 0) throw appValidationFailed(errors);
    if (cluster.state !== 'READY')
      throw conflict(
        'cluster.not_ready',
        `Apps are installed on a READY cluster (it is ${cluster.state}).`,
      );
    const settings = result.settings;
    let runId: string;
    let appId: string;
    try {
      ({ runId, appId } = await this.apps.transaction(async (tx) => {
        const id = crypto.randomUUID();
        const sealed = this.secrets.seal(id, orgId, {
          generated: entry.generateSecrets(),
          settings: secretSettings(entry, settings),
        });
        const app = await this.apps.insert(tx, {
          id,
          orgId,
          clusterId,
          catalogId: entry.id,
          name: entry.name,
          release: entry.defaultRelease,
          namespace: entry.defaultNamespace,
          chartVersion,
          settings: publicSettings(entry, settings) as object,
          state: 'INSTALLING',
          urls: [],
          ...sealed,
          createdBy: caller.userId,
        });
        const withCluster = { ...app, cluster };
        await this.bus.outbox!.add(
          tx,
          'evt.cluster.app.state_changed',
          appStateChanged(withCluster, '', 'INSTALLING', '', '', caller.userId),
        );
        const run = await this.launcher.insert(tx, withCluster, 'install', caller.userId, {
          chartVersion,
          sandboxFailAt: input.sandboxFailAt || null,
        });
        return { runId: run.id, appId: id };
      }));
    } catch (error) {
      if (violates(uniqueViolationOf(error), LIVE_APP_INDEX, ['cluster_id', 'catalog_id']))
        throw conflict(
          'cluster.app_exists',
          `${entry.name} is already installed on this cluster (uninstall it first).`,
        );
      throw busyError(error);
    }
    this.logger.log({ orgId, clusterId, appId, catalogId: entry.id }, 'app install requested');
    await this.launcher.launch(runId);
    return appId;
  }
}
