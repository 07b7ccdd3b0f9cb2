import { Inject, Injectable, Logger } from '@nestjs/common';
import { unprocessable } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import type { Principal } from '@strata/authz';
import { CLUSTER_CONFIG, imageFor, type ClusterConfig } from '../config';
import { CloudClient } from '../cloud/cloud.client';
import { LIVE_NAME_INDEX, uniqueViolationOf, violates } from '../database/unique-violation';
import { DeletingOrganizationsRepository } from '../org-teardown/deleting-organizations.repository';
import { JOB_RUNNER, type JobRunner } from '../runner/job-runner';
import { RunLauncher } from '../runs/run-launcher';
import { validationFailed } from './cluster-errors';
import { ClusterQueries } from './cluster-queries';
import { validateClusterRequest, type ClusterRequestInput, type Provider } from './cluster-request';
import { ClustersRepository, type ClusterRow } from './clusters.repository';
import { resolveStateBackend, type ResolvedStateBackend } from './state-backend';

const IDEMPOTENCY_KEY_INDEX = 'idempotency_keys_pkey';

/** Creates a cluster (PENDING) with its first apply run, then starts the run. */
@Injectable()
export class CreateCluster {
  private readonly logger = new Logger(CreateCluster.name);

  constructor(
    private readonly clusters: ClustersRepository,
    private readonly queries: ClusterQueries,
    private readonly launcher: RunLauncher,
    private readonly cloud: CloudClient,
    private readonly bus: EventBus,
    private readonly deleting: DeletingOrganizationsRepository,
    @Inject(JOB_RUNNER) private readonly runner: JobRunner,
    @Inject(CLUSTER_CONFIG) private readonly config: ClusterConfig,
  ) {}

  async execute(
    caller: Principal,
    orgId: string,
    input: ClusterRequestInput,
    idempotencyKey: string,
  ) {
    if (idempotencyKey) {
      const seen = await this.clusters.clusterOfKey(orgId, idempotencyKey);
      if (seen) return this.queries.get(orgId, seen);
    }
    const result = validateClusterRequest(input);
    if (!result.ok) throw validationFailed(result.errors);
    const spec = result.spec;
    if (spec.provider !== 'sandbox' && !this.runnerCanRun(spec.provider))
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
    let backend: ResolvedStateBackend | undefined;
    if (spec.provider !== 'sandbox' && spec.cloudAccountId && spec.stateConnectorId) {
      await this.cloud.checkAccount(caller, orgId, spec.cloudAccountId, spec.provider);
      const connector = await this.cloud.connector(caller, orgId, spec.stateConnectorId);
      const resolved = resolveStateBackend(spec.provider, spec.cloudAccountId, connector);
      if (!resolved.ok) throw validationFailed(resolved.errors);
      backend = resolved.backend;
    }
    let created: { cluster: ClusterRow; runId: string };
    try {
      created = await this.clusters.transaction(async (tx) => {
        await this.deleting.assertOpen(tx, orgId);
        const cluster = await this.clusters.insert(tx, {
          orgId,
          name: spec.name,
          provider: spec.provider,
          region: spec.region,
          cloudAccountId: spec.cloudAccountId,
          stateConnectorId: spec.stateConnectorId,
          ...backend,
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
        });
        if (idempotencyKey) await this.clusters.rememberKey(tx, orgId, idempotencyKey, cluster.id);
        await this.bus.outbox!.add(tx, 'evt.cluster.cluster.state_changed', {
          orgId,
          clusterId: cluster.id,
          from: '',
          to: 'PENDING',
          runId: '',
          reason: '',
          clusterName: cluster.name,
          actorUserId: caller.userId,
        });
        const run = await this.launcher.insert(tx, cluster, 'apply', caller.userId);
        return { cluster, runId: run.id };
      });
    } catch (error) {
      const violation = uniqueViolationOf(error);
      if (idempotencyKey && violates(violation, IDEMPOTENCY_KEY_INDEX, ['org_id', 'key'])) {
        // A concurrent POST with the same key won: answer with its cluster.
        const seen = await this.clusters.clusterOfKey(orgId, idempotencyKey);
        if (seen) return this.queries.get(orgId, seen);
      }
      if (violates(violation, LIVE_NAME_INDEX, ['org_id', 'name']))
        throw validationFailed([
          {
            field: 'namePrefix',
            message: `a cluster named ${spec.name} already exists in this organization`,
          },
        ]);
      throw error;
    }
    this.logger.log(
      { orgId, clusterId: created.cluster.id, userId: caller.userId },
      'cluster created',
    );
    await this.launcher.launch(created.runId);
    return this.queries.get(orgId, created.cluster.id);
  }

  private runnerCanRun(provider: Provider) {
    if (this.runner.kind === 'local') return true; // reported per run by the local runner
    return imageFor(this.config, provider, 'apply') !== undefined;
  }
}
