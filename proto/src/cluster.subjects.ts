import type { DescMessage } from '@bufbuild/protobuf';
import {
  ChangeClusterRequestSchema,
  ClusterRefSchema,
  ClusterSchema,
  CreateClusterRequestSchema,
  GetRunLogsRequestSchema,
  KubeconfigSchema,
  ListClustersReplySchema,
  ListClustersRequestSchema,
  ListRunsReplySchema,
  RunLogsSchema,
  RunSchema,
} from './gen/strata/cluster/v1/clusters_pb';
import {
  ClusterStateChangedSchema,
  ClusterOrganizationClearedSchema,
  RunEventSchema,
} from './gen/strata/cluster/v1/events_pb';
import { contract, type RequestContract } from './contract';

/** Requests answered by services/cluster. */
export const clusterRequests = {
  'cluster.cluster.create': contract(CreateClusterRequestSchema, ClusterSchema),
  'cluster.cluster.list': contract(ListClustersRequestSchema, ListClustersReplySchema),
  'cluster.cluster.get': contract(ClusterRefSchema, ClusterSchema),
  'cluster.cluster.delete': contract(ClusterRefSchema, RunSchema),
  'cluster.cluster.change': contract(ChangeClusterRequestSchema, RunSchema),
  'cluster.cluster.kubeconfig': contract(ClusterRefSchema, KubeconfigSchema),
  'cluster.run.list': contract(ClusterRefSchema, ListRunsReplySchema),
  'cluster.run.cancel': contract(ClusterRefSchema, RunSchema),
  'cluster.run.retry': contract(ClusterRefSchema, RunSchema),
  'cluster.run.logs': contract(GetRunLogsRequestSchema, RunLogsSchema),
} as const satisfies Record<string, RequestContract>;

/** Events emitted by services/cluster (`evt.cluster.<noun>.<past-verb>`). */
export const clusterEvents = {
  'evt.cluster.cluster.state_changed': ClusterStateChangedSchema,
  'evt.cluster.run.started': RunEventSchema,
  'evt.cluster.run.succeeded': RunEventSchema,
  'evt.cluster.run.failed': RunEventSchema,
  'evt.cluster.run.cancelled': RunEventSchema,
  'evt.cluster.organization.cleared': ClusterOrganizationClearedSchema,
} as const satisfies Record<string, DescMessage>;
