import type { Prisma } from '../generated/prisma/client';
import { changedColumns, type Changes } from '../clusters/cluster-change';
import { stateBackendParams } from '../clusters/state-backend';

type ClusterRow = Prisma.ClusterGetPayload<object>;
type RunRow = Prisma.RunGetPayload<object>;

/**
 * The run's parameters: the Job's plain environment (docs/job-contract.md); never a secret. A
 * change run carries the new values it applies (the cluster takes them once it succeeds); a real
 * provider's run carries its organization and the stored state backend.
 */
export function runParams(cluster: ClusterRow, run: RunRow): Record<string, string> {
  const c = { ...cluster, ...changedColumns(run.changes as Changes | null) };
  return {
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
    ...(c.provider === 'sandbox' ? {} : { STRATA_ORG_ID: c.orgId, ...stateBackendParams(c) }),
  };
}
