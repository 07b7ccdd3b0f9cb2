import { EventData } from '@strata/messaging';
import { Provider, SessionRevokeReason } from '@strata/proto';
import { deviceName } from './device-name';
import { NotificationKind } from './notification-kinds';

/** What an event says, before we know who hears it. */
export interface Message {
  kind: NotificationKind;
  orgId?: string;
  title: string;
  body: string;
  data: Record<string, string>;
}

const PROVIDERS: Record<Provider, string> = {
  [Provider.UNSPECIFIED]: 'cloud',
  [Provider.AWS]: 'AWS',
  [Provider.AZURE]: 'Azure',
  [Provider.GCP]: 'GCP',
};

/** Revocations the user did not just do to themselves in the ordinary way. */
const REVOCATIONS: Partial<Record<SessionRevokeReason, string>> = {
  [SessionRevokeReason.REVOKED]: 'A session of your account was signed out.',
  [SessionRevokeReason.REVOKED_OTHERS]: 'All your other sessions were signed out.',
  [SessionRevokeReason.REFRESH_TOKEN_REUSE]:
    'A session was ended because its refresh token was used twice, which can mean it was stolen. Sign in again and check your sessions.',
  [SessionRevokeReason.USER_DISABLED]: 'Your account was disabled by a platform admin.',
};

export const passwordChanged = (e: EventData<'evt.auth.password.changed'>): Message => ({
  kind: 'security.password_changed',
  title: 'Your password was changed',
  body: `The password of your Strata account was changed from ${e.ip}. Your other sessions were signed out. If this was not you, reset your password now.`,
  data: { ip: e.ip },
});

/** Undefined for the user's first session ever (`firstSessionId`): no device is new then. */
export const newSignIn = (
  e: EventData<'evt.auth.session.created'>,
  firstSessionId: string,
): Message | undefined => (e.sessionId === firstSessionId ? undefined : signInMessage(e));

const signInMessage = (e: EventData<'evt.auth.session.created'>): Message => ({
  kind: 'security.new_sign_in',
  title: 'New sign-in to your account',
  body: `Someone signed in to your Strata account from ${e.ip} with ${deviceName(e.userAgent)}. If this was not you, change your password and end that session.`,
  data: {
    sessionId: e.sessionId,
    ip: e.ip,
    userAgent: e.userAgent,
    device: deviceName(e.userAgent),
  },
});

/** Undefined for a logout or the revocations a password change makes (notified already). */
export const sessionRevoked = (e: EventData<'evt.auth.session.revoked'>): Message | undefined => {
  const body = REVOCATIONS[e.reason];
  if (!body) return undefined;
  return {
    kind: 'security.session_revoked',
    title: 'Sessions of your account were ended',
    body,
    data: { sessionIds: e.sessionIds.join(','), reason: SessionRevokeReason[e.reason] },
  };
};

/**
 * Undefined for a refused `POST …/cloud-accounts` (no account id: nothing was saved, and the one
 * who sent it has the 422 already); a saved account that fails verification is news to admins.
 */
export const cloudAccountFailed = (
  e: EventData<'evt.cloud.account.verification_failed'>,
): Message | undefined => (e.accountId ? savedCloudAccountFailed(e) : undefined);

const savedCloudAccountFailed = (
  e: EventData<'evt.cloud.account.verification_failed'>,
): Message => ({
  kind: 'cloud.account_verification_failed',
  orgId: e.orgId,
  title: `A ${PROVIDERS[e.provider]} account failed verification`,
  body: `Strata could not verify a ${PROVIDERS[e.provider]} cloud account of your organization (${e.code}). Clusters cannot use it until its credentials work again.`,
  data: { accountId: e.accountId, provider: PROVIDERS[e.provider], code: e.code },
});

const RUN_KINDS = {
  'evt.cluster.run.started': ['cluster.run_started', 'started'],
  'evt.cluster.run.succeeded': ['cluster.run_succeeded', 'succeeded'],
  'evt.cluster.run.failed': ['cluster.run_failed', 'failed'],
  'evt.cluster.run.cancelled': ['cluster.run_cancelled', 'was cancelled'],
} as const;

export type RunSubject = keyof typeof RUN_KINDS;
export const RUN_SUBJECTS = Object.keys(RUN_KINDS) as RunSubject[];

/** Undefined for a destroy run that succeeded: its `cluster.deleted` says the same. */
export const clusterRun = (
  subject: RunSubject,
  e: EventData<'evt.cluster.run.started'>,
): Message | undefined => {
  if (subject === 'evt.cluster.run.succeeded' && e.action === 'destroy') return undefined;
  const [kind, verb] = RUN_KINDS[subject];
  const what = e.action === 'destroy' ? 'Deleting' : 'Creating';
  return {
    kind,
    orgId: e.orgId,
    title: `${what} a cluster ${verb}`,
    body: `${what} cluster ${e.clusterName || e.clusterId} ${verb}${e.reason ? `: ${e.reason}` : '.'}`,
    data: { clusterId: e.clusterId, runId: e.runId, action: e.action, state: e.state },
  };
};

export const clusterDeleted = (
  e: EventData<'evt.cluster.cluster.state_changed'>,
): Message | undefined =>
  e.to === 'DELETED'
    ? {
        kind: 'cluster.deleted',
        orgId: e.orgId,
        title: 'A cluster was deleted',
        body: `Cluster ${e.clusterName || e.clusterId} was deleted.`,
        data: { clusterId: e.clusterId, runId: e.runId },
      }
    : undefined;

const APP_FAILED_KINDS = {
  install: ['cluster.app_install_failed', 'Installing'],
  upgrade: ['cluster.app_upgrade_failed', 'Changing'],
  uninstall: ['cluster.app_uninstall_failed', 'Uninstalling'],
} as const;

const appData = (e: EventData<'evt.cluster.app.run_succeeded'>) => ({
  clusterId: e.clusterId,
  appId: e.appId,
  catalogId: e.catalogId,
  runId: e.runId,
  action: e.action,
});

/** An install that succeeded (upgrades and uninstalls that succeed are not notified). */
export const appInstalled = (e: EventData<'evt.cluster.app.run_succeeded'>): Message | undefined =>
  e.action === 'install'
    ? {
        kind: 'cluster.app_installed',
        orgId: e.orgId,
        title: `${e.appName} is installed`,
        body: `${e.appName} is installed and running on cluster ${e.clusterName || e.clusterId}.`,
        data: appData(e),
      }
    : undefined;

/** Any app run that failed: install, change (upgrade) or uninstall. */
export const appRunFailed = (e: EventData<'evt.cluster.app.run_failed'>): Message | undefined => {
  const plan = APP_FAILED_KINDS[e.action as keyof typeof APP_FAILED_KINDS];
  if (!plan) return undefined;
  const [kind, what] = plan;
  return {
    kind,
    orgId: e.orgId,
    title: `${what} ${e.appName} failed`,
    body: `${what} ${e.appName} on cluster ${e.clusterName || e.clusterId} failed${e.reason ? `: ${e.reason}` : '.'}`,
    data: appData(e),
  };
};

/** The audit of an admin-credentials read, for the organization's owners. */
export const appCredentialsRead = (e: EventData<'evt.cluster.app.credentials_read'>): Message => ({
  kind: 'cluster.app_credentials_read',
  orgId: e.orgId,
  title: `The admin credentials of ${e.appName} were read`,
  body: `A member of your organization read the admin credentials of ${e.appName} on cluster ${e.clusterName || e.clusterId}. If this was not expected, change that app's admin password.`,
  data: { clusterId: e.clusterId, appId: e.appId, catalogId: e.catalogId, userId: e.userId },
});
