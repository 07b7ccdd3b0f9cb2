import { Injectable } from '@nestjs/common';
import { notFound } from '@strata/errors';
import { ClusterQueries } from '../clusters/cluster-queries';
import { isTerminal } from '../runs/run-transition';
import { appNotFound } from './app-errors';
import { AppsRepository, type AppWithLatestRun } from './apps.repository';

/** The read side of apps: list, get, runs and run logs (another organization's: 404). */
@Injectable()
export class AppQueries {
  constructor(
    private readonly clusters: ClusterQueries,
    private readonly apps: AppsRepository,
  ) {}

  async list(orgId: string, clusterId: string): Promise<AppWithLatestRun[]> {
    await this.clusters.get(orgId, clusterId);
    return this.apps.list(orgId, clusterId);
  }

  async get(orgId: string, clusterId: string, appId: string): Promise<AppWithLatestRun> {
    const app = await this.apps.find(orgId, clusterId, appId);
    if (!app) throw appNotFound();
    return app;
  }

  async runs(orgId: string, clusterId: string, appId: string) {
    await this.get(orgId, clusterId, appId);
    return this.apps.history(appId);
  }

  async logs(orgId: string, clusterId: string, appId: string, runId: string, after: number) {
    await this.get(orgId, clusterId, appId);
    const run = await this.apps.runOf(orgId, appId, runId);
    if (!run) throw notFound('cluster.app_run_not_found', 'No such run of this app.');
    return this.apps.log.page(
      { id: run.id, logSize: run.logSize, ended: isTerminal(run.state) },
      after,
    );
  }
}
