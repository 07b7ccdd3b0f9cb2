import type { ReplyData } from '@strata/messaging';
import { iso } from '../clusters/clusters.controller';

/** An App as the API answers it (absent optionals are null, as for clusters). */
export const appJson = (a: ReplyData<'cluster.app.get'>) => ({
  id: a.id,
  clusterId: a.clusterId,
  catalogId: a.catalogId,
  name: a.name,
  release: a.release,
  namespace: a.namespace,
  chartVersion: a.chartVersion,
  appVersion: a.appVersion || null,
  settings: JSON.parse(a.settingsJson || '{}') as Record<string, unknown>,
  state: a.state,
  progress: a.progressStep ? { step: a.progressStep, percent: a.progressPercent } : null,
  url: a.url || null,
  urls: a.urls,
  failureReason: a.failureReason || null,
  activeRunId: a.activeRunId || null,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

export const appRunJson = (r: ReplyData<'cluster.app_run.retry'>) => ({
  id: r.id,
  appId: r.appId,
  clusterId: r.clusterId,
  action: r.action,
  state: r.state,
  jobName: r.jobName,
  progress: r.progressStep ? { step: r.progressStep, percent: r.progressPercent } : null,
  failureReason: r.failureReason || null,
  logTail: r.logTail || null,
  chartVersion: r.chartVersion,
  createdAt: iso(r.createdAt),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
});
