import type { EventInit } from '@strata/messaging';
import type { AppRunAction, AppRunState, AppState } from '../generated/prisma/enums';

/** The app and cluster an app event is about (names for people). */
export interface AppSubject {
  id: string;
  orgId: string;
  clusterId: string;
  catalogId: string;
  name: string;
  cluster: { name: string };
}

/** The fields every app event carries: ids and names. */
export const appFields = (app: AppSubject) => ({
  orgId: app.orgId,
  clusterId: app.clusterId,
  appId: app.id,
  catalogId: app.catalogId,
  appName: app.name,
  clusterName: app.cluster.name,
});

export const appStateChanged = (
  app: AppSubject,
  from: AppState | '',
  to: AppState,
  runId: string,
  reason = '',
  /** The user whose request caused it; '' when the platform did it (a run that ended). */
  actorUserId = '',
): EventInit<'evt.cluster.app.state_changed'> => ({
  ...appFields(app),
  from,
  to,
  runId,
  reason: reason.slice(0, 2000),
  actorUserId,
});

export const appRunEvent = (
  app: AppSubject,
  run: { id: string; action: AppRunAction },
  state: AppRunState,
  reason = '',
  /** The user whose request caused it; '' when the platform did it (a run that ended). */
  actorUserId = '',
): EventInit<'evt.cluster.app.run_started'> => ({
  ...appFields(app),
  runId: run.id,
  action: run.action,
  state,
  reason: reason.slice(0, 2000),
  actorUserId,
});

export const APP_RUN_END_SUBJECT = {
  SUCCEEDED: 'evt.cluster.app.run_succeeded',
  FAILED: 'evt.cluster.app.run_failed',
  CANCELLED: 'evt.cluster.app.run_cancelled',
} as const;
