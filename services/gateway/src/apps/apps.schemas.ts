import { z } from '@strata/config';
import { dateTime, id, itemsOf, jsonObject, oneOf, progress, text } from '../openapi/schema-kit';

/** The values the cluster service stores (services/cluster/prisma/schema.prisma's enums). */
export const appState = z.enum([
  'INSTALLING',
  'RUNNING',
  'UPGRADING',
  'UNINSTALLING',
  'UNINSTALLED',
  'FAILED',
]);
export const appRunAction = z.enum(['install', 'upgrade', 'uninstall']);
const appRunState = z.enum(['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
export const asAppState = oneOf(appState);
export const asAppRunAction = oneOf(appRunAction);
export const asAppRunState = oneOf(appRunState);

export const app = z
  .object({
    id,
    clusterId: id,
    catalogId: text(64),
    name: text(100),
    release: text(53),
    namespace: text(63),
    chartVersion: text(64),
    appVersion: text(64).nullable(),
    settings: jsonObject,
    state: appState,
    progress,
    url: text(2048).nullable(),
    urls: z.array(text(2048)).max(20),
    failureReason: text(10_000).nullable(),
    activeRunId: id.nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'App' });
export const apps = itemsOf(app);

export const appRun = z
  .object({
    id,
    appId: id,
    clusterId: id,
    action: appRunAction,
    state: appRunState,
    jobName: text(253),
    progress,
    failureReason: text(10_000).nullable(),
    logTail: text(1_048_576).nullable(),
    chartVersion: text(64),
    createdAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
  })
  .meta({ id: 'AppRun' });
export const appRuns = itemsOf(appRun);

export const catalog = itemsOf(
  z
    .object({
      id: text(64),
      name: text(100),
      description: text(2000),
      chart: text(200),
      chartVersion: text(64),
      appVersion: text(64),
      settingsSchema: jsonObject,
      docsUrl: text(2048),
    })
    .meta({ id: 'CatalogEntry' }),
);

export const credentials = z.object({ username: text(200), password: text(200) });
export const uninstallingApps = z.object({
  run: z.null(),
  uninstallingApps: z.array(app).max(100),
});
