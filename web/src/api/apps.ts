import { answer, typedApi, type Schema } from './typed-client';
import type { paths } from './generated/strata';

/** The states the pages name (the document types a state as a string). */
export type AppState =
  'INSTALLING' | 'RUNNING' | 'UPGRADING' | 'UNINSTALLING' | 'UNINSTALLED' | 'FAILED';

export type CatalogEntry = Schema<'CatalogEntry'>;
export type App = Schema<'App'>;
export type AppRun = Schema<'AppRun'>;

type AppsPath = paths['/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}'];
export type AppChange = NonNullable<
  AppsPath['patch']['requestBody']
>['content']['application/json'];
export type NewApp = NonNullable<
  paths['/api/v1/orgs/{orgId}/clusters/{clusterId}/apps']['post']['requestBody']
>['content']['application/json'];

const base = (orgId: string, clusterId: string) => ({ path: { orgId, clusterId } });
const one = (orgId: string, clusterId: string, appId: string) => ({
  path: { orgId, clusterId, appId },
});

export const listCatalog = (orgId: string, clusterId: string) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{clusterId}/app-catalog', {
      params: base(orgId, clusterId),
    }),
  ).then((r) => r.items);

export const listApps = (orgId: string, clusterId: string) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps', {
      params: base(orgId, clusterId),
    }),
  ).then((r) => r.items);

export const installApp = (orgId: string, clusterId: string, input: NewApp) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps', {
      params: base(orgId, clusterId),
      body: input,
    }),
  );

export const changeApp = (orgId: string, clusterId: string, appId: string, input: AppChange) =>
  answer(
    typedApi.PATCH('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}', {
      params: one(orgId, clusterId, appId),
      body: input,
    }),
  );

export const uninstallApp = (orgId: string, clusterId: string, appId: string) =>
  answer(
    typedApi.DELETE('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}', {
      params: one(orgId, clusterId, appId),
    }),
  );

export const retryApp = (orgId: string, clusterId: string, appId: string) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}/runs/retry', {
      params: one(orgId, clusterId, appId),
    }),
  );

export const listAppRuns = (orgId: string, clusterId: string, appId: string) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}/runs', {
      params: one(orgId, clusterId, appId),
    }),
  ).then((r) => r.items);

export const getAppRunLog = (
  orgId: string,
  clusterId: string,
  appId: string,
  runId: string,
  after: number,
) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}/runs/{runId}/logs', {
      params: { path: { orgId, clusterId, appId, runId }, query: { after: String(after) } },
    }),
  );

export const getAdminCredentials = (orgId: string, clusterId: string, appId: string) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/clusters/{clusterId}/apps/{appId}/admin-credentials', {
      params: one(orgId, clusterId, appId),
    }),
  );
