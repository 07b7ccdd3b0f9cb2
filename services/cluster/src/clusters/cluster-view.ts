import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { RunRow } from '../runs/runs.repository';
import type { ClusterWithActive } from './clusters.repository';

const ts = (date: Date | null | undefined) => (date ? timestampFromDate(date) : undefined);

/** A cluster row as the strata.cluster.v1.Cluster message. */
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

/** A run row as the strata.cluster.v1.Run message. */
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
  changesJson: r.changes ? JSON.stringify(r.changes) : '',
});
