import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import type { ReplyData } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { uuidParam } from '../cloud-accounts/cloud-accounts.controller';
import { ZodBody } from '../http/zod-body.pipe';
import { appJson } from '../apps/apps.json';
import {
  changeClusterBody,
  ChangeClusterBody,
  createClusterBody,
  CreateClusterBody,
} from './clusters.dto';
import {
  asClusterState,
  asProvider,
  asRunAction,
  asRunState,
  cluster,
  clusters,
  run,
  runChanges,
  runs,
} from './clusters.schemas';
import { uninstallingApps } from '../apps/apps.schemas';
import { logPage } from '../openapi/schema-kit';
import { logOffset, logOffsetQuery, logPageJson } from '../http/log-offset';
import { z } from '@strata/config';
import { Api } from '../openapi/api.decorator';

type Timestamp = { seconds: bigint; nanos: number };
const isoOf = (t: Timestamp) =>
  new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6)).toISOString();
export const iso = (t?: Timestamp) => (t ? isoOf(t) : null);
/** A timestamp every record has (createdAt, updatedAt): its absence is a bug, not a null. */
export const isoRequired = (t?: Timestamp) => {
  if (!t) throw new Error('a required timestamp is missing from the reply');
  return isoOf(t);
};
const outputs = (text: string) => (text ? (JSON.parse(text) as Record<string, unknown>) : null);

const clusterJson = (c: ReplyData<'cluster.cluster.get'>): z.output<typeof cluster> => ({
  id: c.id,
  orgId: c.orgId,
  name: c.name,
  provider: asProvider(c.provider),
  region: c.region,
  cloudAccountId: c.cloudAccountId || null,
  stateConnectorId: c.stateConnectorId || null,
  vpcCidr: c.vpcCidr,
  publicSubnetCidrs: c.publicSubnetCidrs,
  privateSubnetCidrs: c.privateSubnetCidrs,
  kubernetesVersion: c.kubernetesVersion,
  nodePool: {
    instanceType: c.nodePool?.instanceType,
    minSize: c.nodePool?.minSize,
    maxSize: c.nodePool?.maxSize,
  },
  state: asClusterState(c.state),
  progress: c.progressStep ? { step: c.progressStep, percent: c.progressPercent } : null,
  outputs: outputs(c.outputsJson),
  failureReason: c.failureReason || null,
  activeRunId: c.activeRunId || null,
  createdAt: isoRequired(c.createdAt),
  updatedAt: isoRequired(c.updatedAt),
});

const runJson = (r: ReplyData<'cluster.run.cancel'>): z.output<typeof run> => ({
  id: r.id,
  clusterId: r.clusterId,
  action: asRunAction(r.action),
  state: asRunState(r.state),
  jobName: r.jobName,
  progress: r.progressStep ? { step: r.progressStep, percent: r.progressPercent } : null,
  failureReason: r.failureReason || null,
  logTail: r.logTail || null,
  outputs: outputs(r.outputsJson),
  createdAt: isoRequired(r.createdAt),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
  changes: runChanges.nullable().catch(null).parse(outputs(r.changesJson)),
});

/** Clusters of the caller's active organization (another organization's answer 404). */
@ApiTags('clusters')
@Controller('api/v1/orgs/:orgId/clusters')
@UseGuards(AccessTokenGuard)
export class ClustersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Api({
    summary: "The organization's clusters",
    status: 200,
    ok: clusters,
    errors: ['platform.forbidden', 'platform.not_found'],
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.cluster.list',
      { orgId },
      { accessToken: principal.accessToken },
    );
    return { items: reply.clusters.map(clusterJson) };
  }

  @Post()
  @HttpCode(201)
  @Api({
    summary: 'Create a cluster (starts an apply run); Idempotency-Key makes a retry safe',
    status: 201,
    body: createClusterBody,
    ok: cluster,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.validation_failed',
      'cluster.provider_not_configured',
      'cluster.org_deleting',
      'gateway.invalid_idempotency_key',
      'cloud.account_not_found',
      'cloud.connector_not_found',
    ],
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Body(new ZodBody(createClusterBody)) body: CreateClusterBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (
      idempotencyKey !== undefined &&
      (idempotencyKey.length === 0 || idempotencyKey.length > 200)
    )
      throw badRequest(
        'gateway.invalid_idempotency_key',
        'Idempotency-Key must be 1 to 200 characters.',
      );
    const cluster = await this.rpc.request(
      'cluster.cluster.create',
      {
        orgId,
        idempotencyKey: idempotencyKey ?? '',
        provider: body.provider ?? '',
        cloudAccountId: body.cloudAccountId ?? '',
        namePrefix: body.namePrefix,
        nameSuffix: body.nameSuffix ?? '',
        region: body.region,
        stateConnectorId: body.stateConnectorId ?? '',
        vpcCidr: body.vpcCidr ?? '',
        publicSubnetCidrs: body.publicSubnetCidrs ?? [],
        privateSubnetCidrs: body.privateSubnetCidrs ?? [],
        kubernetesVersion: body.kubernetesVersion ?? '',
        nodePool: body.nodePool,
        sandboxFailAt: body.sandboxFailAt ?? '',
      },
      { accessToken: principal.accessToken },
    );
    return clusterJson(cluster);
  }

  @Get(':id')
  @Api({
    summary: 'One cluster with its state, progress and outputs',
    status: 200,
    ok: cluster,
    errors: ['platform.forbidden', 'platform.not_found', 'cluster.not_found'],
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
  ) {
    return clusterJson(
      await this.rpc.request(
        'cluster.cluster.get',
        { orgId, clusterId },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Delete(':id')
  @HttpCode(202)
  @Api({
    summary:
      'Delete a cluster (a destroy run, from READY, FAILED or CANCELLED); with installed apps 409 unless ?uninstallApps=true',
    query: z.object({ uninstallApps: z.enum(['true', 'false']).optional() }),
    status: 202,
    ok: z.union([run, uninstallingApps]),
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.invalid_state',
      'cluster.run_in_progress',
      'cluster.apps_installed',
    ],
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
    @Query('uninstallApps') uninstallApps?: string,
  ) {
    if (uninstallApps !== undefined && uninstallApps !== 'true' && uninstallApps !== 'false')
      throw badRequest('gateway.invalid_query', 'uninstallApps must be true or false.');
    const reply = await this.rpc.request(
      'cluster.cluster.delete',
      { orgId, clusterId, uninstallApps: uninstallApps === 'true' },
      { accessToken: principal.accessToken },
    );
    // With apps to uninstall first, there is no destroy run yet: it starts once they are gone.
    if (!reply.run) return { run: null, uninstallingApps: reply.uninstallingApps.map(appJson) };
    return runJson(reply.run);
  }

  @Patch(':id')
  @HttpCode(202)
  @Api({
    summary:
      'Change a READY cluster: node pool sizes and/or the next Kubernetes minor version (starts an apply run)',
    status: 202,
    body: changeClusterBody,
    ok: run,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.validation_failed',
      'cluster.nothing_to_change',
      'cluster.invalid_state',
      'cluster.run_in_progress',
      'cluster.not_ready',
    ],
  })
  async change(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
    @Body(new ZodBody(changeClusterBody)) body: ChangeClusterBody,
  ) {
    return runJson(
      await this.rpc.request(
        'cluster.cluster.change',
        {
          orgId,
          clusterId,
          nodeMinSize: body.nodePool?.minSize,
          nodeMaxSize: body.nodePool?.maxSize,
          kubernetesVersion: body.kubernetesVersion,
        },
        { accessToken: principal.accessToken },
      ),
    );
  }

  /** A credential: sent as a download, never cached, never logged (the access log has the status only). */
  @Get(':id/kubeconfig')
  @Header('Cache-Control', 'no-store')
  @Api({
    summary: 'A kubeconfig for a READY cluster with a short-lived token (at most 15 minutes)',
    status: 200,
    ok: z.string().max(1_048_576),
    media: 'application/yaml',
    headers: {
      'Content-Disposition': 'attachment; filename="kubeconfig-<id>.yaml"',
      'X-Strata-Expires-At': 'When the token in it expires (ISO 8601)',
    },
    errors: ['platform.forbidden', 'platform.not_found', 'cluster.not_found', 'cluster.not_ready'],
  })
  async kubeconfig(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const reply = await this.rpc.request(
      'cluster.cluster.kubeconfig',
      { orgId, clusterId },
      { accessToken: principal.accessToken },
    );
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="kubeconfig-${clusterId}.yaml"`);
    res.setHeader('Pragma', 'no-cache');
    const expiresAt = iso(reply.expiresAt);
    if (expiresAt) res.setHeader('X-Strata-Expires-At', expiresAt);
    return reply.kubeconfig;
  }

  @Get(':id/runs')
  @Api({
    summary: 'Run history of a cluster, newest first',
    status: 200,
    ok: runs,
    errors: ['platform.forbidden', 'platform.not_found', 'cluster.not_found'],
  })
  async runs(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.run.list',
      { orgId, clusterId },
      { accessToken: principal.accessToken },
    );
    return { items: reply.runs.map(runJson) };
  }

  @Post(':id/runs/cancel')
  @HttpCode(200)
  @Api({
    summary: 'Cancel the running apply (the cluster becomes CANCELLED)',
    status: 200,
    ok: run,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.nothing_to_cancel',
    ],
  })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
  ) {
    return runJson(
      await this.rpc.request(
        'cluster.run.cancel',
        { orgId, clusterId },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Post(':id/runs/retry')
  @HttpCode(201)
  @Api({
    summary: 'Retry the failed run (a new run)',
    status: 201,
    ok: run,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.nothing_to_retry',
      'cluster.run_in_progress',
    ],
  })
  async retry(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
  ) {
    return runJson(
      await this.rpc.request(
        'cluster.run.retry',
        { orgId, clusterId },
        { accessToken: principal.accessToken },
      ),
    );
  }

  @Get(':id/runs/:runId/logs')
  @Api({
    summary: "A run's log from a byte offset (?after=<nextOffset of the previous page>)",
    query: logOffsetQuery,
    status: 200,
    ok: logPage,
    errors: [
      'platform.forbidden',
      'platform.not_found',
      'cluster.not_found',
      'cluster.run_not_found',
      'gateway.invalid_offset',
    ],
  })
  async logs(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuidParam('organization')) orgId: string,
    @Param('id', uuidParam('cluster')) clusterId: string,
    @Param('runId', uuidParam('run')) runId: string,
    @Query('after') after?: string,
  ) {
    const reply = await this.rpc.request(
      'cluster.run.logs',
      { orgId, clusterId, runId, after: logOffset(after) },
      { accessToken: principal.accessToken },
    );
    return logPageJson(reply);
  }
}
