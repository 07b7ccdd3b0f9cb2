import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Authorized, Caller, type Principal } from '@strata/authz';
import { type ReplyInit, type RequestData, RpcHandler } from '@strata/messaging';
import { appView } from '../apps/app-view';
import { DeleteClusterWithApps } from '../apps/delete-cluster-with-apps';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DownloadKubeconfig } from '../access/download-kubeconfig';
import { CancelRun } from './cancel-run';
import { ChangeCluster } from './change-cluster';
import { ClusterQueries } from './cluster-queries';
import { clusterView, runView } from './cluster-view';
import type { ClusterWithActive } from './clusters.repository';
import { CreateCluster } from './create-cluster';
import { RetryRun } from './retry-run';

@Controller()
export class ClustersHandlers {
  constructor(
    private readonly queries: ClusterQueries,
    private readonly createCluster: CreateCluster,
    private readonly deleteCluster: DeleteClusterWithApps,
    private readonly retryRun: RetryRun,
    private readonly cancelRun: CancelRun,
    private readonly changeCluster: ChangeCluster,
    private readonly downloadKubeconfig: DownloadKubeconfig,
  ) {}

  private async withProgress(orgId: string, cluster: ClusterWithActive) {
    const last = await this.queries.latestRun(orgId, cluster.id);
    return clusterView(
      cluster,
      last?.progressStep ? { step: last.progressStep, percent: last.progressPercent } : undefined,
    );
  }

  @RpcHandler('cluster.cluster.create')
  @Authorized('clusters.create')
  async create(
    @Payload() req: RequestData<'cluster.cluster.create'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.cluster.create'>> {
    const cluster = await this.createCluster.execute(
      caller,
      req.orgId,
      {
        provider: req.provider,
        cloudAccountId: req.cloudAccountId,
        namePrefix: req.namePrefix,
        nameSuffix: req.nameSuffix,
        region: req.region,
        stateConnectorId: req.stateConnectorId,
        vpcCidr: req.vpcCidr,
        publicSubnetCidrs: req.publicSubnetCidrs,
        privateSubnetCidrs: req.privateSubnetCidrs,
        kubernetesVersion: req.kubernetesVersion,
        nodePool: req.nodePool,
        sandboxFailAt: req.sandboxFailAt,
      },
      req.idempotencyKey,
    );
    return this.withProgress(req.orgId, cluster);
  }

  @RpcHandler('cluster.cluster.list')
  @Authorized('clusters.read')
  async list(
    @Payload() req: RequestData<'cluster.cluster.list'>,
  ): Promise<ReplyInit<'cluster.cluster.list'>> {
    const clusters = await this.queries.list(req.orgId);
    return { clusters: clusters.map((c) => clusterView(c, c.latestProgress)) };
  }

  @RpcHandler('cluster.cluster.get')
  @Authorized('clusters.read')
  async get(
    @Payload() req: RequestData<'cluster.cluster.get'>,
  ): Promise<ReplyInit<'cluster.cluster.get'>> {
    return this.withProgress(req.orgId, await this.queries.get(req.orgId, req.clusterId));
  }

  @RpcHandler('cluster.cluster.delete')
  @Authorized('clusters.delete')
  async delete(
    @Payload() req: RequestData<'cluster.cluster.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.cluster.delete'>> {
    const deleted = await this.deleteCluster.execute(
      caller,
      req.orgId,
      req.clusterId,
      req.uninstallApps,
    );
    return {
      ...(deleted.run ? { run: runView(deleted.run) } : {}),
      uninstallingApps: deleted.apps.map(appView),
    };
  }

  @RpcHandler('cluster.cluster.change')
  @Authorized('clusters.change')
  async change(
    @Payload() req: RequestData<'cluster.cluster.change'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.cluster.change'>> {
    return runView(
      await this.changeCluster.execute(caller, req.orgId, req.clusterId, {
        nodeMinSize: req.nodeMinSize,
        nodeMaxSize: req.nodeMaxSize,
        kubernetesVersion: req.kubernetesVersion,
      }),
    );
  }

  /**
   * The reply holds a bearer token: it is never logged (only ids and the purpose are); the
   * download is audited (evt.cluster.kubeconfig.issued).
   */
  @RpcHandler('cluster.cluster.kubeconfig')
  @Authorized('clusters.access')
  async kubeconfig(
    @Payload() req: RequestData<'cluster.cluster.kubeconfig'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.cluster.kubeconfig'>> {
    const minted = await this.downloadKubeconfig.execute(caller, req.orgId, req.clusterId);
    return { kubeconfig: minted.kubeconfig, expiresAt: timestampFromDate(minted.expiresAt) };
  }

  @RpcHandler('cluster.run.list')
  @Authorized('clusters.read')
  async runs(
    @Payload() req: RequestData<'cluster.run.list'>,
  ): Promise<ReplyInit<'cluster.run.list'>> {
    return { runs: (await this.queries.history(req.orgId, req.clusterId)).map(runView) };
  }

  @RpcHandler('cluster.run.cancel')
  @Authorized('clusters.operate')
  async cancel(
    @Payload() req: RequestData<'cluster.run.cancel'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.run.cancel'>> {
    return runView(await this.cancelRun.execute(req.orgId, req.clusterId, caller.userId));
  }

  @RpcHandler('cluster.run.retry')
  @Authorized('clusters.operate')
  async retry(
    @Payload() req: RequestData<'cluster.run.retry'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.run.retry'>> {
    return runView(await this.retryRun.execute(caller, req.orgId, req.clusterId));
  }

  @RpcHandler('cluster.run.logs')
  @Authorized('clusters.read')
  async logs(
    @Payload() req: RequestData<'cluster.run.logs'>,
  ): Promise<ReplyInit<'cluster.run.logs'>> {
    const page = await this.queries.logs(req.orgId, req.clusterId, req.runId, Number(req.after));
    return {
      chunks: page.chunks.map((c) => ({ offset: c.offset, text: c.text })),
      nextOffset: BigInt(page.nextOffset),
      complete: page.complete,
    };
  }
}
