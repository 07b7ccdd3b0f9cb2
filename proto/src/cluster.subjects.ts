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
  AppAdminCredentialsSchema,
  AppCatalogSchema,
  AppRefSchema,
  AppRunSchema,
  AppSchema,
  ChangeAppRequestSchema,
  DeleteClusterReplySchema,
  DeleteClusterRequestSchema,
  GetAppRunLogsRequestSchema,
  InstallAppRequestSchema,
  ListAppRunsReplySchema,
  ListAppsReplySchema,
} from './gen/strata/cluster/v1/apps_pb';
import {
  AppCredentialsReadSchema,
  AppRunEventSchema,
  AppStateChangedSchema,
  ClusterOrganizationClearedSchema,
  ClusterStateChangedSchema,
  KubeconfigIssuedSchema,
  RunEventSchema,
} from './gen/strata/cluster/v1/events_pb';
import { OrgUsageReplySchema, OrgUsageRequestSchema } from './gen/strata/common/v1/org_usage_pb';
import { contract, type RequestContract } from './contract';

/** Requests answered by services/cluster. */
export const clusterRequests = {
  'cluster.cluster.create': contract(CreateClusterRequestSchema, ClusterSchema),
  'cluster.cluster.list': contract(ListClustersRequestSchema, ListClustersReplySchema),
  'cluster.cluster.get': contract(ClusterRefSchema, ClusterSchema),
  'cluster.cluster.delete': contract(DeleteClusterRequestSchema, DeleteClusterReplySchema),
  'cluster.cluster.change': contract(ChangeClusterRequestSchema, RunSchema),
  'cluster.cluster.kubeconfig': contract(ClusterRefSchema, KubeconfigSchema),
  'cluster.run.list': contract(ClusterRefSchema, ListRunsReplySchema),
  'cluster.run.cancel': contract(ClusterRefSchema, RunSchema),
  'cluster.run.retry': contract(ClusterRefSchema, RunSchema),
  'cluster.run.logs': contract(GetRunLogsRequestSchema, RunLogsSchema),
  /** Internal: accounts only, with the ORG_USAGE_TOKEN service credential. */
  'cluster.org.usage': contract(OrgUsageRequestSchema, OrgUsageReplySchema),
  'cluster.app_catalog.list': contract(ClusterRefSchema, AppCatalogSchema),
  'cluster.app.install': contract(InstallAppRequestSchema, AppSchema),
  'cluster.app.list': contract(ClusterRefSchema, ListAppsReplySchema),
  'cluster.app.get': contract(AppRefSchema, AppSchema),
  'cluster.app.change': contract(ChangeAppRequestSchema, AppSchema),
  'cluster.app.uninstall': contract(AppRefSchema, AppSchema),
  'cluster.app_run.list': contract(AppRefSchema, ListAppRunsReplySchema),
  'cluster.app_run.retry': contract(AppRefSchema, AppRunSchema),
  'cluster.app_run.logs': contract(GetAppRunLogsRequestSchema, RunLogsSchema),
  'cluster.app_credentials.read': contract(AppRefSchema, AppAdminCredentialsSchema),
} as const satisfies Record<string, RequestContract>;

/** Events emitted by services/cluster (`evt.cluster.<noun>.<past-verb>`). */
export const clusterEvents = {
  'evt.cluster.cluster.state_changed': ClusterStateChangedSchema,
  'evt.cluster.run.started': RunEventSchema,
  'evt.cluster.run.succeeded': RunEventSchema,
  'evt.cluster.run.failed': RunEventSchema,
  'evt.cluster.run.cancelled': RunEventSchema,
  'evt.cluster.app.state_changed': AppStateChangedSchema,
  'evt.cluster.app.run_started': AppRunEventSchema,
  'evt.cluster.app.run_succeeded': AppRunEventSchema,
  'evt.cluster.app.run_failed': AppRunEventSchema,
  'evt.cluster.app.run_cancelled': AppRunEventSchema,
  'evt.cluster.app.credentials_read': AppCredentialsReadSchema,
  'evt.cluster.organization.cleared': ClusterOrganizationClearedSchema,
  'evt.cluster.kubeconfig.issued': KubeconfigIssuedSchema,
} as const satisfies Record<string, DescMessage>;
