import { Injectable } from '@nestjs/common';
import { notFound } from '@strata/errors';
import { RunsRepository } from '../runs/runs.repository';
import { isTerminal } from './cluster-state';
import { ClustersRepository, type ClusterWithActive } from './clusters.repository';

/** The read side: clusters, their runs and run logs. */
@Injectable()
export class ClusterQueries {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly runs: RunsRepository,
  ) {}

  async get(orgId: string, clusterId: string): Promise<ClusterWithActive> {
    const cluster = await this.clusters.find(orgId, clusterId);
    if (!cluster) throw notFound('cluster.not_found', 'No such cluster in this organization.');
    return cluster;
  }

  list(orgId: string) {
    return this.clusters.list(orgId);
  }

  async history(orgId: string, clusterId: string) {
    await this.get(orgId, clusterId);
    return this.runs.history(clusterId);
  }

  latestRun(orgId: string, clusterId: string) {
    return this.runs.latest(orgId, clusterId);
  }

  async logs(orgId: string, clusterId: string, runId: string, after: number) {
    const run = await this.runs.ofCluster(orgId, clusterId, runId);
    if (!run) throw notFound('cluster.run_not_found', 'No such run of this cluster.');
    return this.runs.log.page(
      { id: run.id, logSize: run.logSize, ended: isTerminal(run.state) },
      after,
    );
  }
}
