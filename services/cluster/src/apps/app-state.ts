/**
 * The app state machine (pure). An app changes only through its runs: install, upgrade and
 * uninstall Jobs under the Job contract, observed like cluster runs (runs/run-transition.ts).
 *   install:   INSTALLING   -> RUNNING     | FAILED
 *   upgrade:   UPGRADING    -> RUNNING     | FAILED
 *   uninstall: UNINSTALLING -> UNINSTALLED | FAILED
 */
import { runTransition, type Observation, type RunState } from '../runs/run-transition';

export const APP_STATES = [
  'INSTALLING',
  'RUNNING',
  'UPGRADING',
  'UNINSTALLING',
  'UNINSTALLED',
  'FAILED',
] as const;
export type AppState = (typeof APP_STATES)[number];

export const APP_RUN_ACTIONS = ['install', 'upgrade', 'uninstall'] as const;
export type AppRunAction = (typeof APP_RUN_ACTIONS)[number];

export const isAppAction = (action: string): action is AppRunAction =>
  (APP_RUN_ACTIONS as readonly string[]).includes(action);

export interface AppRunSnapshot {
  action: AppRunAction;
  state: RunState;
}

export interface AppTransition {
  run: RunState;
  app: AppState;
  reason?: string;
}

const WORKING: Record<AppRunAction, AppState> = {
  install: 'INSTALLING',
  upgrade: 'UPGRADING',
  uninstall: 'UNINSTALLING',
};

/** The app state that a run in a given state stands for. */
export function appStateFor(action: AppRunAction, run: RunState): AppState {
  switch (run) {
    case 'PENDING':
    case 'RUNNING':
      return WORKING[action];
    case 'SUCCEEDED':
      return action === 'uninstall' ? 'UNINSTALLED' : 'RUNNING';
    case 'FAILED':
    case 'CANCELLED':
      return 'FAILED';
  }
}

/** The transition an observation of an app run causes, or null when it changes nothing. */
export function observeAppRun(run: AppRunSnapshot, observation: Observation): AppTransition | null {
  const next = runTransition(run.state, observation);
  if (!next) return null;
  return {
    run: next.run,
    app: appStateFor(run.action, next.run),
    ...(next.reason === undefined ? {} : { reason: next.reason }),
  };
}

/** Settings or chart version change (an upgrade run) from RUNNING, or from FAILED to repair. */
export const canChange = (state: AppState) => state === 'RUNNING' || state === 'FAILED';

/** An uninstall from RUNNING or FAILED (not while a run works, not twice). */
export const canUninstall = (state: AppState) => state === 'RUNNING' || state === 'FAILED';

/** A failed app whose last run failed is retried with a new run of the same action. */
export const canRetry = (state: AppState, lastRun: AppRunSnapshot | undefined) =>
  state === 'FAILED' &&
  lastRun !== undefined &&
  (lastRun.state === 'FAILED' || lastRun.state === 'CANCELLED');

/** An upgrade of an app that never installed is an install again (helm upgrade --install). */
export const changeAction = (installed: boolean): AppRunAction =>
  installed ? 'upgrade' : 'install';

/** Admin credentials exist once an install succeeded, until the app is uninstalled. */
export const credentialsReadable = (state: AppState, installed: boolean) =>
  installed && state !== 'UNINSTALLED' && state !== 'UNINSTALLING';

/** A cluster delete waits for these: every app that is not UNINSTALLED. */
export const blocksClusterDelete = (state: AppState) => state !== 'UNINSTALLED';
