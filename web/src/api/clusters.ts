import { api } from './client';

export type ClusterState =
  'PENDING' | 'PROVISIONING' | 'READY' | 'FAILED' | 'DELETING' | 'DELETED' | 'CANCELLED';
export type RunState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type Provider = 'aws' | 'azure' | 'gcp' | 'sandbox';

export interface Progress {
  step: string;
  percent: number;
}

export type Outputs = Record<string, string | number | boolean>;

export interface Cluster {
  id: string;
  orgId: string;
  name: string;
  provider: Provider;
  region: string;
  cloudAccountId: string | null;
  stateConnectorId: string | null;
  vpcCidr: string;
  publicSubnetCidrs: string[];
  privateSubnetCidrs: string[];
  kubernetesVersion: string;
  nodePool: { instanceType?: string; minSize?: number; maxSize?: number };
  state: ClusterState;
  progress: Progress | null;
  outputs: Outputs | null;
  failureReason: string | null;
  activeRunId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Run {
  id: string;
  clusterId: string;
  action: 'apply' | 'destroy';
  state: RunState;
  jobName: string;
  progress: Progress | null;
  failureReason: string | null;
  logTail: string | null;
  outputs: Outputs | null;
  /** A change run's changes, `{field: {from, to}}`; null otherwise. */
  changes: Record<string, { from: string | number; to: string | number }> | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface LogPage {
  chunks: Array<{ offset: number; text: string }>;
  nextOffset: number;
  complete: boolean;
}

/** The create body (docs/api.md#clusters); what is left out takes the documented default. */
export interface CreateClusterInput {
  provider: Provider;
  cloudAccountId?: string;
  namePrefix: string;
  nameSuffix?: string;
  region: string;
  stateConnectorId?: string;
  vpcCidr?: string;
  publicSubnetCidrs?: string[];
  privateSubnetCidrs?: string[];
  kubernetesVersion?: string;
  nodePool?: { instanceType?: string; minSize?: number; maxSize?: number };
  sandboxFailAt?: string;
}

export interface CloudAccount {
  id: string;
  name: string;
  provider: string;
  status: string;
}

const clusters = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}/clusters`;
const cluster = (orgId: string, id: string) => `${clusters(orgId)}/${encodeURIComponent(id)}`;

export const listClusters = (orgId: string) =>
  api<{ items: Cluster[] }>('GET', clusters(orgId)).then((r) => r.items);

export const getCluster = (orgId: string, id: string) => api<Cluster>('GET', cluster(orgId, id));

export const createCluster = (orgId: string, input: CreateClusterInput) =>
  api<Cluster>('POST', clusters(orgId), input);

/** With `uninstallApps`, the cluster's apps are uninstalled first, then it is deleted. */
export const deleteCluster = (
  orgId: string,
  id: string,
  options: { uninstallApps?: boolean } = {},
) =>
  api<unknown>(
    'DELETE',
    `${cluster(orgId, id)}${options.uninstallApps ? '?uninstallApps=true' : ''}`,
  );

export const listRuns = (orgId: string, id: string) =>
  api<{ items: Run[] }>('GET', `${cluster(orgId, id)}/runs`).then((r) => r.items);

export const cancelRun = (orgId: string, id: string) =>
  api<Run>('POST', `${cluster(orgId, id)}/runs/cancel`);

export const retryRun = (orgId: string, id: string) =>
  api<Run>('POST', `${cluster(orgId, id)}/runs/retry`);

export const getRunLog = (orgId: string, id: string, runId: string, after: number) =>
  api<LogPage>(
    'GET',
    `${cluster(orgId, id)}/runs/${encodeURIComponent(runId)}/logs?after=${after}`,
  );

/** A READY cluster's kubeconfig (YAML with a token valid at most 15 minutes; admins and owners). */
export const getKubeconfig = (orgId: string, id: string) =>
  api<string>('GET', `${cluster(orgId, id)}/kubeconfig`);

export const listCloudAccounts = (orgId: string) =>
  api<{ items: CloudAccount[] }>(
    'GET',
    `/api/v1/orgs/${encodeURIComponent(orgId)}/cloud-accounts`,
  ).then((r) => r.items);
