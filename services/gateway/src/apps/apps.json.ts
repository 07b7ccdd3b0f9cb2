import type { ReplyData } from '@strata/messaging';
import { iso, isoRequired } from '../clusters/clusters.controller';
import type { z } from '@strata/config';
import { asAppRunAction, asAppRunState, asAppState, type app, type appRun } from './apps.schemas';

/** An App as the API answers it (absent optionals are null, as for clusters). */
export const appJson = (a: ReplyData<'cluster.app.get'>): z.output<typeof app> => ({
  id: a.id,
  clusterId: a.clusterId,
  catalogId: a.catalogId,
  name: a.name,
  release: a.release,
  namespace: a.namespace,
  chartVersion: a.chartVersion,
  appVersion: a.appVersion || null,
  settings: JSON.parse(a.settingsJson || '{}') as Record<string, unknown>,
  state: asAppState(a.state),
  progress: a.progressStep ? { step: a.progressStep, percent: a.progressPercent } : null,
  url: a.url || null,
  urls: a.urls,
  failureReason: a.failureReason || null,
  activeRunId: a.activeRunId || null,
  createdAt: isoRequired(a.createdAt),
  updatedAt: isoRequired(a.updatedAt),
});

export const appRunJson = (r: ReplyData<'cluster.app_run.retry'>): z.output<typeof appRun> => ({
  id: r.id,
  appId: r.appId,
  clusterId: r.clusterId,
  action: asAppRunAction(r.action),
  state: asAppRunState(r.state),
  jobName: r.jobName,
  progress: r.progressStep ? { step: r.progressStep, percent: r.progressPercent } : null,
  failureReason: r.failureReason || null,
  logTail: r.logTail || null,
  chartVersion: r.chartVersion,
  createdAt: isoRequired(r.createdAt),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
});
