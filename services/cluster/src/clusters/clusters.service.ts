import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { conflict, notFound, unprocessable } from '@strata/errors';
import { EventBus, RpcClient } from '@strata/messaging';
import type { Principal } from '@strata/authz';
import { Prisma } from '../generated/prisma/client';
import { CLUSTER_CONFIG, type ClusterConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import {
  LIVE_NAME_INDEX,
  ONE_ACTIVE_RUN_INDEX,
  uniqueViolationOf,
  violates,
} from '../database/unique-violation';
import { jobNameFor, JOB_RUNNER, type JobRunner, type RunSpec } from '../runner/job-runner';
import { RunsService } from '../runs/runs.service';
import { canCancel, canDelete, canRetry, clusterStateFor, type RunAction } from './cluster-state';
import { validateClusterRequest, type ClusterRequestInput, type Provider } from './cluster-request';

export const INTERNAL_TOKEN_HEADER = 'x-strata-internal-token';
const ACTIVE = ['PENDING', 'RUNNING'];

type ClusterRow = Prisma.ClusterGetPayload<object>;

const IDEMPOTENCY_KEY_INDEX = 'idempotency_keys_pkey';

/** The use cases: create, list, get, runs, logs, cancel, retry, delete. */
@Injectable()
export class ClustersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClustersService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
    private readonly rpc: RpcClient,
    private readonly runs: RunsService,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(CLUSTER_CONFIG) private readonly config: ClusterConfig,
  ) {}

  /** Follows the runner, then reconciles every unfinished run with what it sees. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runner.begin(this.runs);
    // Cluster runs and app runs alike (app runs are a registered kind of run).
    const unfinished = await this.runs.unfinished();
    await this.runner.reconcile(unfinished);
    this.logger.log(
      { runner: this.runner.kind, unfinished: unfinished.length },
      'runner started and unfinished runs reconciled',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async create(
    caller: Principal,
    orgId: string,
    input: ClusterRequestInput,
    idempotencyKey: string,
  ) {
    if (idempotencyKey) {
      const seen = await this.prisma.idempotencyKey.findUnique({
        where: { orgId_key: { orgId, key: idempotencyKey } },
      });
      if (seen) return this.get(orgId, seen.clusterId);
    }
    const result = validateClusterRequest(input);
    if (!result.ok)
      throw unprocessable(
        'cluster.validation_failed',
        'The cluster request has invalid fields.',
        result.errors,
      );
    const spec = result.spec;
    if (spec.provider !== 'sandbox' && !this.runnerCanRun(spec.provider, 'apply'))
      throw unprocessable(
        'cluster.provider_not_configured',
        `No ${spec.provider} image is configured.`,
        [
          {
            field: 'provider',
            message: `no image is configured for ${spec.provider} on this installation`,
          },
        ],
      );
    if (spec.cloudAccountId)
      await this.checkAccount(caller, orgId, spec.cloudAccountId, spec.provider);
    let created: { cluster: ClusterRow; runId: string };
    try {
      created = await this.prisma.$transaction(async (tx) => {
        const cluster = await tx.cluster.create({
          data: {
            orgId,
            name: spec.name,
            provider: spec.provider,
            region: spec.region,
            cloudAccountId: spec.cloudAccountId,
            stateConnectorId: spec.stateConnectorId,
            vpcCidr: spec.vpcCidr,
            publicSubnetCidrs: spec.publicSubnetCidrs,
            privateSubnetCidrs: spec.privateSubnetCidrs,
            kubernetesVersion: spec.kubernetesVersion,
            nodeInstanceType: spec.nodePool.instanceType,
            nodeMinSize: spec.nodePool.minSize,
            nodeMaxSize: spec.nodePool.maxSize,
            sandboxFailAt: spec.sandboxFailAt,
            state: 'PENDING',
            createdBy: caller.userId,
          },
        });
        if (idempotencyKey)
          await tx.idempotencyKey.create({
            data: { orgId, key: idempotencyKey, clusterId: cluster.id },
          });
        await this.bus.outbox!.add(tx, 'evt.cluster.cluster.state_changed', {
          orgId,
          clusterId: cluster.id,
          from: '',
          to: 'PENDING',
          runId: '',
          reason: '',
          clusterName: cluster.name,
        });
        const run = await this.insertRun(tx, cluster, 'apply', caller.userId);
        return { cluster, runId: run.id };
      });
    } catch (error) {
      const violation = uniqueViolationOf(error);
      if (idempotencyKey && violates(violation, IDEMPOTENCY_KEY_INDEX, ['org_id', 'key'])) {
        // A concurrent POST with the same key won: answer with its cluster.
        const seen = await this.prisma.idempotencyKey.findUnique({
          where: { orgId_key: { orgId, key: idempotencyKey } },
        });
        if (seen) return this.get(orgId, seen.clusterId);
      }
      if (violates(violation, LIVE_NAME_INDEX, ['org_id', 'name']))
        throw unprocessable(
          'cluster.validation_failed',
          'The cluster request has invalid fields.',
          [
            {
              field: 'namePrefix',
              message: `a cluster named ${spec.name} already exists in this organization`,
            },
          ],
        );
      throw error;
    }
    this.logger.log(
      { orgId, clusterId: created.cluster.id, userId: caller.userId },
      'cluster created',
    );
    await this.launch(created.runId);
    return this.get(orgId, created.cluster.id);
  }

  private runnerCanRun(provider: Provider, action: RunAction) {
    if (this.runner.kind === 'local') return true; // reported per run by the local runner
    const key =
      `CLUSTER_IMAGE_${provider.toUpperCase()}_${action.toUpperCase()}` as keyof ClusterConfig;
    return typeof this.config[key] === 'string' && this.config[key] !== '';
  }

  private async checkAccount(
    caller: Principal,
    orgId: string,
    accountId: string,
    provider: Provider,
  ) {
    try {
      const account = await this.rpc.request(
        'cloud.account.get',
        { orgId, id: accountId },
        { accessToken: caller.accessToken },
      );
      const expected = { aws: 1, azure: 2, gcp: 3 }[provider as 'aws' | 'azure' | 'gcp'];
      if (account.provider !== expected)
        throw unprocessable(
          'cluster.validation_failed',
          'The cluster request has invalid fields.',
          [{ field: 'cloudAccountId', message: `is not a ${provider} account` }],
        );
    } catch (error) {
      if ((error as { status?: number }).status === 404)
        throw unprocessable(
          'cluster.validation_failed',
          'The cluster request has invalid fields.',
          [{ field: 'cloudAccountId', message: 'no such cloud account in this organization' }],
        );
      throw error;
    }
  }

  /** A new PENDING run; the partial unique index refuses a second active run. */
  private async insertRun(
    tx: Prisma.TransactionClient,
    cluster: ClusterRow,
    action: RunAction,
    userId: string,
  ) {
    const id = crypto.randomUUID();
    const run = await tx.run.create({
      data: {
        id,
        clusterId: cluster.id,
        orgId: cluster.orgId,
        action,
        state: 'PENDING',
        jobName: jobNameFor(action, id),
        requestedBy: userId,
      },
    });
    const to = clusterStateFor(action, 'PENDING');
    if (cluster.state !== to) {
      await tx.cluster.update({
        where: { id: cluster.id },
        data: { state: to, failureReason: null },
      });
      await this.bus.outbox!.add(tx, 'evt.cluster.cluster.state_changed', {
        orgId: cluster.orgId,
        clusterId: cluster.id,
        from: cluster.state,
        to,
        runId: id,
        reason: '',
        clusterName: cluster.name,
      });
    }
    return run;
  }

  /** Starts a PENDING run's Job; a failure to start fails the run with the reason. */
  private async launch(runId: string) {
    const run = await this.prisma.run.findUniqueOrThrow({
      where: { id: runId },
      include: { cluster: true },
    });
    const c = run.cluster;
    const spec: RunSpec = {
      runId: run.id,
      clusterId: c.id,
      orgId: c.orgId,
      provider: c.provider as Provider,
      action: run.action as RunAction,
      jobName: run.jobName,
      params: {
        STRATA_RUN_ID: run.id,
        STRATA_CLUSTER_ID: c.id,
        STRATA_ACTION: run.action,
        STRATA_PROVIDER: c.provider,
        CLUSTER_NAME: c.name,
        CLUSTER_REGION: c.region,
        CLUSTER_VPC_CIDR: c.vpcCidr,
        CLUSTER_PUBLIC_SUBNET_CIDRS: c.publicSubnetCidrs.join(','),
        CLUSTER_PRIVATE_SUBNET_CIDRS: c.privateSubnetCidrs.join(','),
        CLUSTER_KUBERNETES_VERSION: c.kubernetesVersion,
        CLUSTER_NODE_INSTANCE_TYPE: c.nodeInstanceType,
        CLUSTER_NODE_MIN_SIZE: String(c.nodeMinSize),
        CLUSTER_NODE_MAX_SIZE: String(c.nodeMaxSize),
        STATE_CONNECTOR_ID: c.stateConnectorId ?? '',
        STATE_KEY: `clusters/${c.orgId}/${c.id}/terraform.tfstate`,
        ...(c.sandboxFailAt ? { SANDBOX_FAIL_AT: c.sandboxFailAt } : {}),
      },
    };
    try {
      if (c.provider !== 'sandbox')
        spec.credentials = await this.issueCredentials(c.orgId, c.cloudAccountId!, run.id);
      await this.runner.start(spec);
      this.logger.log(
        { runId, clusterId: c.id, jobName: run.jobName, runner: this.runner.kind },
        'run started',
      );
    } catch (error) {
      this.logger.error({ err: error, runId, clusterId: c.id }, 'run could not start');
      const code = (error as { code?: string }).code;
      await this.runs.observe(runId, {
        kind: 'failed',
        reason: `The run could not start: ${code ?? (error as Error).message}`.slice(0, 500),
      });
    }
  }

  /**
   * Short-lived credentials from the cloud service (cloud.credentials.issue, internal), as the
   * environment variables the provider's Terraform image reads. They only go into the Secret.
   */
  private async issueCredentials(
    orgId: string,
    cloudAccountId: string,
    runId: string,
  ): Promise<Record<string, string>> {
    const issued = await this.rpc.request(
      'cloud.credentials.issue',
      { orgId, cloudAccountId, purpose: `cluster-run:${runId}` },
      { headers: { [INTERNAL_TOKEN_HEADER]: this.config.CLOUD_INTERNAL_TOKEN ?? '' } },
    );
    const c = issued.credentials;
    switch (c.case) {
      case 'aws':
        return {
          AWS_ACCESS_KEY_ID: c.value.accessKeyId,
          AWS_SECRET_ACCESS_KEY: c.value.secretAccessKey,
          ...(c.value.sessionToken ? { AWS_SESSION_TOKEN: c.value.sessionToken } : {}),
        };
      case 'azure':
        return {
          ARM_TENANT_ID: c.value.tenantId,
          ARM_CLIENT_ID: c.value.clientId,
          ARM_CLIENT_SECRET: c.value.clientSecret,
          ARM_SUBSCRIPTION_ID: c.value.subscriptionId,
        };
      case 'gcp':
        return { GOOGLE_CREDENTIALS: c.value.keyJson };
      default:
        throw new Error('cloud.credentials.issue answered without credentials');
    }
  }

  async list(orgId: string) {
    return this.prisma.cluster.findMany({
      where: { orgId, state: { not: 'DELETED' } },
      include: { runs: { where: { state: { in: ACTIVE } }, select: { id: true } } },
      orderBy: { createdAt: 'desc' },
    });
  }

  async get(orgId: string, clusterId: string) {
    const cluster = await this.prisma.cluster.findFirst({
      where: { id: clusterId, orgId },
      include: { runs: { where: { state: { in: ACTIVE } }, select: { id: true } } },
    });
    if (!cluster) throw notFound('cluster.not_found', 'No such cluster in this organization.');
    return cluster;
  }

  async runsOf(orgId: string, clusterId: string) {
    await this.get(orgId, clusterId);
    return this.prisma.run.findMany({ where: { clusterId }, orderBy: { createdAt: 'desc' } });
  }

  async latestRun(orgId: string, clusterId: string) {
    return this.prisma.run.findFirst({
      where: { clusterId, orgId },
      orderBy: { createdAt: 'desc' },
    });
  }

  async logs(orgId: string, clusterId: string, runId: string, after: number) {
    const run = await this.prisma.run.findFirst({ where: { id: runId, clusterId, orgId } });
    if (!run) throw notFound('cluster.run_not_found', 'No such run of this cluster.');
    const chunks = await this.prisma.runLogChunk.findMany({
      where: { runId, offset: { gte: BigInt(after) } },
      orderBy: { offset: 'asc' },
      take: 200,
    });
    const last = chunks.at(-1);
    const next = last ? Number(last.offset) + Buffer.byteLength(last.text) : Math.max(after, 0);
    const ended = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.state);
    return { chunks, nextOffset: next, complete: ended && next >= Number(run.logSize) };
  }

  async cancel(orgId: string, clusterId: string) {
    await this.get(orgId, clusterId);
    const run = await this.prisma.run.findFirst({ where: { clusterId, state: { in: ACTIVE } } });
    if (!run || !canCancel({ action: run.action as RunAction, state: run.state as 'RUNNING' }))
      throw conflict('cluster.nothing_to_cancel', 'The cluster has no running apply to cancel.');
    // The run is CANCELLED first, so the Job's deletion seen by the watch changes nothing.
    await this.runs.observe(run.id, { kind: 'cancelled' });
    await this.runner.cancel(
      { runId: run.id, jobName: run.jobName },
      this.config.CLUSTER_CANCEL_GRACE_SECONDS,
    );
    this.logger.log({ runId: run.id, clusterId }, 'run cancelled');
    return this.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
  }

  async retry(caller: Principal, orgId: string, clusterId: string) {
    const cluster = await this.get(orgId, clusterId);
    const last = await this.latestRun(orgId, clusterId);
    const lastSnapshot = last
      ? { action: last.action as RunAction, state: last.state as 'FAILED' }
      : undefined;
    if (!canRetry(cluster.state as 'FAILED', lastSnapshot))
      throw conflict(
        'cluster.nothing_to_retry',
        'Only a cluster whose last run failed can be retried.',
      );
    return this.newRun(caller, cluster, last!.action as RunAction);
  }

  async delete(caller: Principal, orgId: string, clusterId: string) {
    const cluster = await this.get(orgId, clusterId);
    if (!canDelete(cluster.state as 'READY'))
      throw conflict(
        'cluster.invalid_state',
        `A cluster can be deleted when READY, FAILED or CANCELLED (it is ${cluster.state}).`,
      );
    return this.newRun(caller, cluster, 'destroy');
  }

  private async newRun(caller: Principal, cluster: ClusterRow, action: RunAction) {
    let runId: string;
    try {
      runId = await this.prisma.$transaction(
        async (tx) => (await this.insertRun(tx, cluster, action, caller.userId)).id,
      );
    } catch (error) {
      // Only the one-active-run index means "busy"; any other clash is a real error.
      if (violates(uniqueViolationOf(error), ONE_ACTIVE_RUN_INDEX, ['cluster_id']))
        throw conflict('cluster.run_in_progress', 'The cluster already has an active run.');
      throw error;
    }
    await this.launch(runId);
    return this.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  }
}
