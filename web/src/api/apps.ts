import { api } from './client';
import type { LogPage, Progress, RunState } from './clusters';

export type AppState =
  'INSTALLING' | 'RUNNING' | 'UPGRADING' | 'UNINSTALLING' | 'UNINSTALLED' | 'FAILED';

/** A JSON Schema property of an app's settings, as far as the form uses it. */
export interface SettingSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  default?: string | number | boolean;
  enum?: string[];
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
}

export interface SettingsSchema {
  type: 'object';
  properties: Record<string, SettingSchema>;
}

/** GET /app-catalog (docs/api.md#apps). */
export interface CatalogEntry {
  id: string;
  name: string;
  description: string;
  chart: string;
  chartVersion: string;
  appVersion: string;
  settingsSchema: SettingsSchema;
  docsUrl: string;
}

export interface App {
  id: string;
  clusterId: string;
  catalogId: string;
  name: string;
  release: string;
  namespace: string;
  chartVersion: string;
  appVersion: string | null;
  settings: Record<string, unknown>;
  state: AppState;
  progress: Progress | null;
  url: string | null;
  urls: string[];
  failureReason: string | null;
  activeRunId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface AppRun {
  id: string;
  appId: string;
  action: 'install' | 'upgrade' | 'uninstall';
  state: RunState;
  progress: Progress | null;
  failureReason: string | null;
  chartVersion: string;
  createdAt: string | null;
  finishedAt: string | null;
}

export interface AppChange {
  settings?: Record<string, unknown>;
  chartVersion?: string;
}

const base = (orgId: string, clusterId: string) =>
  `/api/v1/orgs/${encodeURIComponent(orgId)}/clusters/${encodeURIComponent(clusterId)}`;
const app = (orgId: string, clusterId: string, appId: string) =>
  `${base(orgId, clusterId)}/apps/${encodeURIComponent(appId)}`;

export const listCatalog = (orgId: string, clusterId: string) =>
  api<{ items: CatalogEntry[] }>('GET', `${base(orgId, clusterId)}/app-catalog`).then(
    (r) => r.items,
  );

export const listApps = (orgId: string, clusterId: string) =>
  api<{ items: App[] }>('GET', `${base(orgId, clusterId)}/apps`).then((r) => r.items);

export const installApp = (
  orgId: string,
  clusterId: string,
  input: { catalogId: string } & AppChange,
) => api<App>('POST', `${base(orgId, clusterId)}/apps`, input);

export const changeApp = (orgId: string, clusterId: string, appId: string, input: AppChange) =>
  api<App>('PATCH', app(orgId, clusterId, appId), input);

export const uninstallApp = (orgId: string, clusterId: string, appId: string) =>
  api<App>('DELETE', app(orgId, clusterId, appId));

export const retryApp = (orgId: string, clusterId: string, appId: string) =>
  api<AppRun>('POST', `${app(orgId, clusterId, appId)}/runs/retry`);

export const listAppRuns = (orgId: string, clusterId: string, appId: string) =>
  api<{ items: AppRun[] }>('GET', `${app(orgId, clusterId, appId)}/runs`).then((r) => r.items);

export const getAppRunLog = (
  orgId: string,
  clusterId: string,
  appId: string,
  runId: string,
  after: number,
) =>
  api<LogPage>(
    'GET',
    `${app(orgId, clusterId, appId)}/runs/${encodeURIComponent(runId)}/logs?after=${after}`,
  );

export const getAdminCredentials = (orgId: string, clusterId: string, appId: string) =>
  api<{ username: string; password: string }>(
    'GET',
    `${app(orgId, clusterId, appId)}/admin-credentials`,
  );
