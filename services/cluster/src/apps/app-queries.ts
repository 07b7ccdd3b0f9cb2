import { Injectable } from '@nestjs/common';
import { notFound } from '@strata/errors';
import { ClusterQueries } from '../clusters/cluster-queries';
import { isTerminal } from '../runs/run-transition';
import { appNotFound } from './app-errors';
import { AppsRepository, type AppWithLatestRun } from './apps.repository';

const LOG_PAGE_CHUNKS = 200;

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
    const chunks = await this.apps.logChunks(runId, after, LOG_PAGE_CHUNKS);
    const last = chunks.at(-1);
    const next = last ? Number(last.offset) + Buffer.byteLength(last.text) : Math.max(after, 0);
    return {
      chunks,
      nextOffset: next,
      complete: isTerminal(run.state) && next >= Number(run.logSize),
    };
  }
}
