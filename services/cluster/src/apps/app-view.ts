import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { AppRow, AppRunRow, AppWithLatestRun } from './apps.repository';

const ts = (date: Date | null | undefined) => (date ? timestampFromDate(date) : undefined);
const ACTIVE = ['PENDING', 'RUNNING'];

/** An app row as the strata.cluster.v1.App message (its settings never hold a secret). */
export const appView = (a: AppRow & Partial<Pick<AppWithLatestRun, 'runs'>>) => {
  const latest = a.runs?.[0];
  return {
    id: a.id,
    orgId: a.orgId,
    clusterId: a.clusterId,
    catalogId: a.catalogId,
    name: a.name,
    release: a.release,
    namespace: a.namespace,
    chartVersion: a.chartVersion,
    appVersion: a.appVersion ?? '',
    settingsJson: JSON.stringify(a.settings ?? {}),
    state: a.state,
    progressStep: latest?.progressStep ?? '',
    progressPercent: latest?.progressStep ? latest.progressPercent : 0,
    url: a.url ?? '',
    urls: a.urls,
    failureReason: a.failureReason ?? '',
    activeRunId: latest && ACTIVE.includes(latest.state) ? latest.id : '',
    createdAt: timestampFromDate(a.createdAt),
    updatedAt: timestampFromDate(a.updatedAt),
  };
};

export const appRunView = (r: AppRunRow) => ({
  id: r.id,
  appId: r.appId,
  clusterId: r.clusterId,
  action: r.action,
  state: r.state,
  jobName: r.jobName,
  progressStep: r.progressStep ?? '',
  progressPercent: r.progressPercent,
  failureReason: r.failureReason ?? '',
  logTail: r.logTail ?? '',
  chartVersion: r.chartVersion,
  createdAt: timestampFromDate(r.createdAt),
  startedAt: ts(r.startedAt),
  finishedAt: ts(r.finishedAt),
  requestedBy: r.requestedBy,
});
