import { answer, typedApi, type Schema } from './typed-client';
import type { paths } from './generated/strata';

export type Cluster = Schema<'Cluster'>;
export type Run = Schema<'Run'>;
/** The states of the document's enums. */
export type ClusterState = Cluster['state'];
export type RunState = Run['state'];

const CLUSTER_STATES: Record<ClusterState, true> = {
  PENDING: true,
  PROVISIONING: true,
  READY: true,
  FAILED: true,
  CANCELLED: true,
  DELETING: true,
  DELETED: true,
};
/** A state named by a live event (a string on that wire) that the document knows. */
export const isClusterState = (value: string): value is ClusterState => value in CLUSTER_STATES;
export type LogPage = Schema<'LogPage'>;
export type Progress = NonNullable<Cluster['progress']>;
export type Outputs = NonNullable<Cluster['outputs']>;

/** The create body (docs/api.md#clusters); what is left out takes the documented default. */
export type CreateClusterInput = NonNullable<
  paths['/api/v1/orgs/{orgId}/clusters']['post']['requestBody']
>['content']['application/json'];
export type Provider = NonNullable<CreateClusterInput['provider']>;

const inOrg = (orgId: string) => ({ path: { orgId } });
const one = (orgId: string, id: string) => ({ path: { orgId, id } });

export const listClusters = (orgId: string) =>
  answer(typedApi.GET('/api/v1/orgs/{orgId}/clusters', { params: inOrg(orgId) })).then(
    (r) => r.items,
  );

export const getCluster = (orgId: string, id: string) =>
  answer(typedApi.GET('/api/v1/orgs/{orgId}/clusters/{id}', { params: one(orgId, id) }));

export const createCluster = (orgId: string, input: CreateClusterInput) =>
  answer(typedApi.POST('/api/v1/orgs/{orgId}/clusters', { params: inOrg(orgId), body: input }));

/** The change body of a READY cluster: node pool sizes and/or the next Kubernetes minor. */
export type ChangeClusterInput = NonNullable<
  paths['/api/v1/orgs/{orgId}/clusters/{id}']['patch']['requestBody']
>['content']['application/json'];

/** Starts the apply run of a change (202 with the run); the cluster takes it when it succeeds. */
export const changeCluster = (orgId: string, id: string, input: ChangeClusterInput) =>
  answer(
    typedApi.PATCH('/api/v1/orgs/{orgId}/clusters/{id}', { params: one(orgId, id), body: input }),
  );

/** With `uninstallApps`, the cluster's apps are uninstalled first, then it is deleted. */
export const deleteCluster = (
  orgId: string,
  id: string,
  options: { uninstallApps?: boolean } = {},
) =>
  answer(
    typedApi.DELETE('/api/v1/orgs/{orgId}/clusters/{id}', {
      params: {
        path: { orgId, id },
        query: options.uninstallApps ? { uninstallApps: 'true' } : {},
      },
    }),
  );

export const listRuns = (orgId: string, id: string) =>
  answer(typedApi.GET('/api/v1/orgs/{orgId}/clusters/{id}/runs', { params: one(orgId, id) })).then(
    (r) => r.items,
  );

export const cancelRun = (orgId: string, id: string) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/clusters/{id}/runs/cancel', { params: one(orgId, id) }),
  );

export const retryRun = (orgId: string, id: string) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/clusters/{id}/runs/retry', { params: one(orgId, id) }),
  );

export const getRunLog = (orgId: string, id: string, runId: string, after: number) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{id}/runs/{runId}/logs', {
      params: { path: { orgId, id, runId }, query: { after: String(after) } },
    }),
  );

/** A READY cluster's kubeconfig (YAML with a token valid at most 15 minutes; admins and owners). */
export const getKubeconfig = (orgId: string, id: string) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{id}/kubeconfig', {
      params: one(orgId, id),
      parseAs: 'text',
    }),
  );
