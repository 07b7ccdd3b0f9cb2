import { Injectable, Logger, Inject } from '@nestjs/common';
import { conflict } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { KubeconfigMinter } from '../access/kubeconfig-minter';
import type { Tx } from '../database/prisma.service';
import {
  APP_CLUSTER_DELETING,
  APP_CLUSTER_RUN_EXCLUSIVE,
  ONE_ACTIVE_APP_RUN_INDEX,
  uniqueViolationOf,
  violates,
} from '../database/unique-violation';
import { jobNameFor, JOB_RUNNER, type JobRunner, type RunSpec } from '../runner/job-runner';
import { couldNotStart } from '../runs/run-transition';
import { RunsService } from '../runs/runs.service';
import { appStateChanged } from './app-events';
import { AppSecretStore } from './app-secrets';
import { appStateFor, type AppRunAction } from './app-state';
import { AppsRepository, type AppWithCluster } from './apps.repository';
import { findCatalogApp, installerEnv, valuesYaml, type AppContext } from './catalog';

/** The catalog's context of an app: its release, namespace and cluster. */
export const appContext = (app: AppWithCluster): AppContext => {
  const outputs = (app.cluster.outputs ?? {}) as Record<string, unknown>;
  return {
    release: app.release,
    namespace: app.namespace,
    provider: app.cluster.provider,
    ...(typeof outputs.endpoint === 'string' ? { clusterEndpoint: outputs.endpoint } : {}),
  };
};

/** The database's refusals of a new app run, as 409s. */
export function busyError(error: unknown): Error {
  const violation = uniqueViolationOf(error);
  if (violates(violation, ONE_ACTIVE_APP_RUN_INDEX, ['app_id']))
    return conflict('cluster.app_busy', 'The app already has an active run; wait for it to end.');
  if (violation?.constraint === APP_CLUSTER_RUN_EXCLUSIVE)
    return conflict(
      'cluster.run_in_progress',
      'The cluster has an active run (a change or its deletion); try again when it ends.',
    );
  if (violation?.constraint === APP_CLUSTER_DELETING)
    return conflict(
      'cluster.not_ready',
      'The cluster is being deleted (its apps are being uninstalled first): only uninstalls run on it.',
    );
  return error as Error;
}

/**
 * App runs: a PENDING row with the app's state change (one transaction, refused by the database
 * while the app or its cluster has an active run), then the Job: the installer image with the
 * plain env of CONTRACTS.md, and in its Secret only the minted kubeconfig and the values.
 */
@Injectable()
export class AppRunLauncher {
  private readonly logger = new Logger(AppRunLauncher.name);

  constructor(
    private readonly apps: AppsRepository,
    private readonly observations: RunsService,
    private readonly minter: KubeconfigMinter,
    private readonly secrets: AppSecretStore,
    private readonly bus: EventBus,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
  ) {}

  /** A new PENDING run of `action` in `tx`, moving the app to the run's working state. */
  async insert(
    tx: Tx,
    app: AppWithCluster,
    action: AppRunAction,
    userId: string,
    options: { chartVersion?: string; sandboxFailAt?: string | null } = {},
  ) {
    const id = crypto.randomUUID();
    const run = await this.apps.insertRun(tx, {
      id,
      appId: app.id,
      clusterId: app.clusterId,
      orgId: app.orgId,
      action,
      jobName: jobNameFor(action, id),
      chartVersion: options.chartVersion ?? app.chartVersion,
      requestedBy: userId,
      sandboxFailAt: app.cluster.provider === 'sandbox' ? (options.sandboxFailAt ?? null) : null,
    });
    const to = appStateFor(action, 'PENDING');
    if (app.state !== to) {
      await this.apps.setState(tx, app.id, to, { failureReason: null });
      await this.bus.outbox!.add(
        tx,
        'evt.cluster.app.state_changed',
        appStateChanged(app, app.state, to, id, '', userId),
      );
    }
    return run;
  }

  /** A new run for an existing app, started; 409 when the app or cluster is busy. */
  async startNew(
    app: AppWithCluster,
    action: AppRunAction,
    userId: string,
    options: { chartVersion?: string; sandboxFailAt?: string | null } = {},
  ) {
    let runId: string;
    try {
      runId = await this.apps.transaction(
        async (tx) => (await this.insert(tx, app, action, userId, options)).id,
      );
    } catch (error) {
      throw busyError(error);
    }
    await this.launch(runId);
    return this.apps.getRun(runId);
  }

  /** Starts a PENDING app run's Job; a failure to start fails the run with the reason. */
  async launch(runId: string): Promise<void> {
    const run = await this.apps.runWithApp(runId);
    const app = run.app;
    const c = app.cluster;
    try {
      const entry = findCatalogApp(app.catalogId);
      if (!entry) throw new Error(`the catalog has no app ${app.catalogId}`);
      const sealed = this.secrets.open(app);
      const settings = { ...(app.settings as Record<string, unknown>), ...sealed.settings };
      const context = appContext(app);
      const spec: RunSpec = {
        runId: run.id,
        clusterId: c.id,
        orgId: c.orgId,
        provider: c.provider,
        action: run.action,
        appId: app.id,
        jobName: run.jobName,
        params: {
          STRATA_RUN_ID: run.id,
          STRATA_CLUSTER_ID: c.id,
          STRATA_ORG_ID: c.orgId,
          STRATA_APP_ID: app.id,
          STRATA_ACTION: run.action,
          STRATA_PROVIDER: c.provider,
          CLUSTER_NAME: c.name,
          ...installerEnv(entry, settings, context),
          APP_CHART_VERSION: run.chartVersion,
          ...(run.sandboxFailAt ? { SANDBOX_FAIL_AT: run.sandboxFailAt } : {}),
        },
      };
      const { kubeconfig } = await this.minter.mint(c.orgId, c.id, `app-run:${run.id}`);
      spec.credentials = {
        KUBECONFIG_DATA: kubeconfig,
        APP_VALUES_YAML: valuesYaml(entry.valuesFor(settings, sealed.generated, context)),
      };
      await this.runner.start(spec);
      this.logger.log(
        { runId, appId: app.id, clusterId: c.id, jobName: run.jobName, runner: this.runner.kind },
        'app run started',
      );
    } catch (error) {
      // Ids and the error's code or message only: never the values or the kubeconfig.
      this.logger.error({ err: error, runId, appId: app.id }, 'app run could not start');
      await this.observations.observe(runId, couldNotStart(error));
    }
  }
}
