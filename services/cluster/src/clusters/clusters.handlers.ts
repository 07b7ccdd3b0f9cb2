import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Authorized, Caller, type Principal } from '@strata/authz';
import { type ReplyInit, type RequestData, RpcHandler } from '@strata/messaging';
import type { Prisma } from '../generated/prisma/client';
import { ClustersService } from './clusters.service';

type ClusterWithActive = Prisma.ClusterGetPayload<{ include: { runs: { select: { id: true } } } }>;
type RunRow = Prisma.RunGetPayload<object>;

const ts = (date: Date | null | undefined) => (date ? timestampFromDate(date) : undefined);

export const clusterView = (
  c: ClusterWithActive,
  progress?: { step: string; percent: number },
) => ({
  id: c.id,
  orgId: c.orgId,
  name: c.name,
  provider: c.provider,
  region: c.region,
  cloudAccountId: c.cloudAccountId ?? '',
  stateConnectorId: c.stateConnectorId ?? '',
  vpcCidr: c.vpcCidr,
  publicSubnetCidrs: c.publicSubnetCidrs,
  privateSubnetCidrs: c.privateSubnetCidrs,
  kubernetesVersion: c.kubernetesVersion,
  nodePool: { instanceType: c.nodeInstanceType, minSize: c.nodeMinSize, maxSize: c.nodeMaxSize },
  state: c.state,
  progressStep: progress?.step ?? '',
  progressPercent: progress?.percent ?? 0,
  outputsJson: c.outputs ? JSON.stringify(c.outputs) : '',
  failureReason: c.failureReason ?? '',
  activeRunId: c.runs[0]?.id ?? '',
  createdAt: timestampFromDate(c.createdAt),
  updatedAt: timestampFromDate(c.updatedAt),
  createdBy: c.createdBy,
});

export const runView = (r: RunRow) => ({
  id: r.id,
  clusterId: r.clusterId,
  action: r.action,
  state: r.state,
  jobName: r.jobName,
  progressStep: r.progressStep ?? '',
  progressPercent: r.progressPercent,
  failureReason: r.failureReason ?? '',
  logTail: r.logTail ?? '',
  outputsJson: r.outputs ? JSON.stringify(r.outputs) : '',
  createdAt: timestampFromDate(r.createdAt),
  startedAt: ts(r.startedAt),
  finishedAt: ts(r.finishedAt),
  requestedBy: r.requestedBy,
});

@Controller()
export class ClustersHandlers {
  constructor(private readonly clusters: ClustersService) {}

  private async withProgress(orgId: string, cluster: ClusterWithActive) {
    const last = await this.clusters.latestRun(orgId, cluster.id);
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
    const cluster = await this.clusters.create(
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
    const clusters = await this.clusters.list(req.orgId);
    return { clusters: await Promise.all(clusters.map((c) => this.withProgress(req.orgId, c))) };
  }

  @RpcHandler('cluster.cluster.get')
  @Authorized('clusters.read')
  async get(
    @Payload() req: RequestData<'cluster.cluster.get'>,
  ): Promise<ReplyInit<'cluster.cluster.get'>> {
    return this.withProgress(req.orgId, await this.clusters.get(req.orgId, req.clusterId));
  }

  @RpcHandler('cluster.cluster.delete')
  @Authorized('clusters.delete')
  async delete(
    @Payload() req: RequestData<'cluster.cluster.delete'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.cluster.delete'>> {
    return runView(await this.clusters.delete(caller, req.orgId, req.clusterId));
  }

  @RpcHandler('cluster.run.list')
  @Authorized('clusters.read')
  async runs(
    @Payload() req: RequestData<'cluster.run.list'>,
  ): Promise<ReplyInit<'cluster.run.list'>> {
    return { runs: (await this.clusters.runsOf(req.orgId, req.clusterId)).map(runView) };
  }

  @RpcHandler('cluster.run.cancel')
  @Authorized('clusters.operate')
  async cancel(
    @Payload() req: RequestData<'cluster.run.cancel'>,
  ): Promise<ReplyInit<'cluster.run.cancel'>> {
    return runView(await this.clusters.cancel(req.orgId, req.clusterId));
  }

  @RpcHandler('cluster.run.retry')
  @Authorized('clusters.operate')
  async retry(
    @Payload() req: RequestData<'cluster.run.retry'>,
    @Caller() caller: Principal,
  ): Promise<ReplyInit<'cluster.run.retry'>> {
    return runView(await this.clusters.retry(caller, req.orgId, req.clusterId));
  }

  @RpcHandler('cluster.run.logs')
  @Authorized('clusters.read')
  async logs(
    @Payload() req: RequestData<'cluster.run.logs'>,
  ): Promise<ReplyInit<'cluster.run.logs'>> {
    const page = await this.clusters.logs(req.orgId, req.clusterId, req.runId, Number(req.after));
    return {
      chunks: page.chunks.map((c) => ({ offset: c.offset, text: c.text })),
      nextOffset: BigInt(page.nextOffset),
      complete: page.complete,
    };
  }
}
