import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { AnyDomainEvent, EventData, EventSubject } from '@strata/messaging';
import { Provider, Role } from '@strata/proto';

export type DetailValue = string | number | boolean;

/** What one event says for the audit log, before the organizations and usernames are known. */
export interface AuditDraft {
  /** The organization it happened in; absent: every organization the actor is a member of. */
  orgId?: string;
  actorUserId?: string;
  action: string;
  resource: { type: string; id: string; name?: string };
  details: Record<string, DetailValue>;
}

const ROLES: Record<number, string> = {
  [Role.OWNER]: 'owner',
  [Role.ADMIN]: 'admin',
  [Role.MEMBER]: 'member',
  [Role.VIEWER]: 'viewer',
};
const PROVIDERS: Record<number, string> = {
  [Provider.AWS]: 'aws',
  [Provider.AZURE]: 'azure',
  [Provider.GCP]: 'gcp',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOr = (value: string | undefined) => (value && UUID.test(value) ? value : undefined);
const nameOr = (value: string | undefined) => (value ? value : undefined);

type Mapper<S extends EventSubject> = (data: EventData<S>) => AuditDraft | undefined;
type RunData = EventData<'evt.cluster.run.started'>;
type AppRunData = EventData<'evt.cluster.app.run_started'>;
type Mappers = { [S in EventSubject]?: Mapper<S> };

/** Cluster runs: the resource is the cluster, the run is in the details. */
const run =
  (verb: string, withActor: boolean) =>
  (e: RunData): AuditDraft => ({
    orgId: e.orgId,
    actorUserId: withActor ? uuidOr(e.actorUserId) : undefined,
    action: `cluster.run.${verb}`,
    resource: { type: 'cluster', id: e.clusterId, name: nameOr(e.clusterName) },
    details: { runId: e.runId, runAction: e.action, ...(e.reason ? { reason: e.reason } : {}) },
  });

/** The cluster an app is on, for people reading an app's entries. */
const appPlace = (e: { clusterId: string; clusterName: string; catalogId: string }) => ({
  clusterId: e.clusterId,
  ...(e.clusterName ? { clusterName: e.clusterName } : {}),
  catalogId: e.catalogId,
});

/** App runs (install, upgrade, uninstall): the resource is the app, the run in the details. */
const appRun =
  (verb: string, withActor: boolean) =>
  (e: AppRunData): AuditDraft => ({
    orgId: e.orgId,
    actorUserId: withActor ? uuidOr(e.actorUserId) : undefined,
    action: `app.run.${verb}`,
    resource: { type: 'app', id: e.appId, name: nameOr(e.appName) },
    details: {
      ...appPlace(e),
      runId: e.runId,
      runAction: e.action,
      ...(e.reason ? { reason: e.reason } : {}),
    },
  });

/**
 * The subjects with a mapping of their own. An entry mapping to `undefined` is deliberately not
 * kept (nothing an organization's admin audits); any other subject gets the generic entry.
 */
const MAPPERS: Mappers = {
  'evt.auth.session.created': (e) => ({
    actorUserId: e.userId,
    action: 'auth.signed_in',
    resource: { type: 'session', id: e.sessionId },
    details: { ip: e.ip, userAgent: e.userAgent },
  }),
  'evt.accounts.invitation.created': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.invitedBy),
    action: 'invitation.created',
    resource: { type: 'invitation', id: e.invitationId, name: e.email },
    // Never accept_url: it carries the invitation's token.
    details: { email: e.email, role: ROLES[e.role] ?? 'unknown' },
  }),
  'evt.accounts.invitation.accepted': (e) => ({
    orgId: e.orgId,
    actorUserId: e.userId,
    action: 'invitation.accepted',
    resource: { type: 'invitation', id: e.invitationId, name: nameOr(e.email) },
    details: { role: ROLES[e.role] ?? 'unknown' },
  }),
  'evt.accounts.invitation.revoked': (e) => ({
    orgId: e.orgId,
    actorUserId: e.revokedBy,
    action: 'invitation.revoked',
    resource: { type: 'invitation', id: e.invitationId, name: nameOr(e.email) },
    details: {},
  }),
  'evt.accounts.member.added': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: 'member.added',
    resource: { type: 'member', id: e.userId },
    details: { role: ROLES[e.role] ?? 'unknown' },
  }),
  'evt.accounts.member.removed': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId) ?? (e.left ? e.userId : undefined),
    action: e.left ? 'member.left' : 'member.removed',
    resource: { type: 'member', id: e.userId },
    details: {},
  }),
  'evt.accounts.member.role_changed': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: 'member.role_changed',
    resource: { type: 'member', id: e.userId },
    details: { from: ROLES[e.previousRole] ?? 'unknown', to: ROLES[e.role] ?? 'unknown' },
  }),
  'evt.accounts.username.changed': () => undefined,
  'evt.accounts.organization.teardown_requested': (e) => ({
    orgId: e.orgId,
    actorUserId: e.requestedBy,
    action: 'organization.deletion_requested',
    resource: { type: 'organization', id: e.orgId, name: nameOr(e.orgName) },
    details: {},
  }),
  'evt.accounts.organization.deleted': (e) => ({
    orgId: e.orgId,
    actorUserId: e.deletedBy,
    action: 'organization.deleted',
    resource: { type: 'organization', id: e.orgId, name: nameOr(e.orgName) },
    details: { members: e.memberUserIds.length },
  }),
  'evt.cloud.account.verified': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: e.created ? 'cloud_account.added' : 'cloud_account.verified',
    resource: { type: 'cloud_account', id: e.accountId, name: nameOr(e.name) },
    details: { provider: PROVIDERS[e.provider] ?? 'unknown' },
  }),
  'evt.cloud.account.verification_failed': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: 'cloud_account.verification_failed',
    resource: { type: 'cloud_account', id: e.accountId },
    details: { provider: PROVIDERS[e.provider] ?? 'unknown', code: e.code },
  }),
  'evt.cloud.account.deleted': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: 'cloud_account.deleted',
    resource: { type: 'cloud_account', id: e.accountId, name: nameOr(e.name) },
    details: {},
  }),
  'evt.cloud.connector.verified': (e) => ({
    orgId: e.orgId,
    action: 'storage_connector.verified',
    resource: { type: 'storage_connector', id: e.connectorId },
    details: { cloudAccountId: e.cloudAccountId },
  }),
  'evt.cloud.connector.deleted': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: 'storage_connector.deleted',
    resource: { type: 'storage_connector', id: e.connectorId, name: nameOr(e.name) },
    details: {},
  }),
  'evt.cluster.cluster.state_changed': (e) => {
    const action = lifecycleAction('cluster', e, 'DELETING', 'DELETED');
    if (!action) return undefined; // the other transitions are the runs' outcomes, kept there
    return {
      orgId: e.orgId,
      actorUserId: uuidOr(e.actorUserId),
      action,
      resource: { type: 'cluster', id: e.clusterId, name: nameOr(e.clusterName) },
      details: e.runId ? { runId: e.runId } : ({} as Record<string, DetailValue>),
    };
  },
  'evt.cluster.run.started': run('started', true),
  'evt.cluster.run.cancelled': run('cancelled', true),
  'evt.cluster.run.succeeded': run('succeeded', false),
  'evt.cluster.run.failed': run('failed', false),
  'evt.cluster.app.state_changed': (e) => {
    const action = lifecycleAction('app', e, 'UNINSTALLING', 'UNINSTALLED');
    if (!action) return undefined; // the other transitions are the runs' outcomes, kept there
    return {
      orgId: e.orgId,
      actorUserId: uuidOr(e.actorUserId),
      action,
      resource: { type: 'app', id: e.appId, name: nameOr(e.appName) },
      details: { ...appPlace(e), ...(e.runId ? { runId: e.runId } : {}) },
    };
  },
  'evt.cluster.app.run_started': appRun('started', true),
  'evt.cluster.app.run_cancelled': appRun('cancelled', true),
  'evt.cluster.app.run_succeeded': appRun('succeeded', false),
  'evt.cluster.app.run_failed': appRun('failed', false),
  // An app's admin password read through the API (the event never holds the password).
  'evt.cluster.app.credentials_read': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.userId),
    action: 'app.admin_credentials.read',
    resource: { type: 'app', id: e.appId, name: nameOr(e.appName) },
    details: appPlace(e),
  }),
  // A kubeconfig downloaded through the API (the event never holds the kubeconfig or its token).
  'evt.cluster.kubeconfig.issued': (e) => ({
    orgId: e.orgId,
    actorUserId: uuidOr(e.actorUserId),
    action: 'cluster.kubeconfig.downloaded',
    resource: { type: 'cluster', id: e.clusterId, name: nameOr(e.clusterName) },
    details: e.expiresAt
      ? { expiresAt: timestampDate(e.expiresAt).toISOString() }
      : ({} as Record<string, DetailValue>),
  }),
};

/** Keys that could hold a secret, a credential or a link with a token: never kept. */
const SECRET_KEY = /token|secret|password|passphrase|credential|kubeconfig|private|key|url/i;
/** A field of a wire body (snake_case) or a decoded message (camelCase). */

/**
 * The audited step of a cluster's or an app's life a state change is: made (from nothing), asked
 * to go, gone; undefined for the transitions that are runs' outcomes (audited as runs).
 */
function lifecycleAction(
  kind: 'cluster' | 'app',
  change: { from: string; to: string },
  going: string,
  gone: string,
): string | undefined {
  if (change.from === '') return `${kind}.created`;
  if (change.to === going) return `${kind}.deletion_requested`;
  if (change.to === gone) return `${kind}.deleted`;
  return undefined;
}

function field(data: Record<string, unknown>, snakeName: string): unknown {
  const camel = snakeName.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  return data[snakeName] ?? data[camel];
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The generic entry of a subject without its own mapping (one added later, say
 * `evt.cluster.widget.frobbed`): action `cluster.widget.frobbed`, the organization from
 * `org_id`, the actor from `actor_user_id` / `requested_by` / `user_id`, the resource from the
 * subject's noun and its id field, and the non-secret scalar fields as details.
 */
export function genericDraft(subject: string, body: unknown): AuditDraft | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = body as Record<string, unknown>;
  const orgId = uuidOr(text(field(data, 'org_id')));
  if (!orgId) return undefined;
  const parts = subject.split('.');
  const noun = parts[2] ?? 'resource';
  const actor = ['actor_user_id', 'requested_by', 'user_id']
    .map((name) => uuidOr(text(field(data, name))))
    .find(Boolean);
  const resourceId =
    text(field(data, `${noun}_id`)) ??
    text(field(data, 'cluster_id')) ??
    text(field(data, 'id')) ??
    orgId;
  const details: Record<string, DetailValue> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$') || SECRET_KEY.test(key)) continue;
    if (key === 'org_id' || key === 'orgId') continue;
    if (typeof value === 'string') details[key] = value.slice(0, 200);
    else if (typeof value === 'number' || typeof value === 'boolean') details[key] = value;
  }
  return {
    orgId,
    actorUserId: actor,
    action: parts.slice(1).join('.'),
    resource: {
      type: noun,
      id: resourceId.slice(0, 100),
      name: text(field(data, `${noun}_name`)) ?? text(field(data, 'name')),
    },
    details,
  };
}

/** The audit entry an event makes, or undefined when it makes none. */
export function auditDraftOf(event: Pick<AnyDomainEvent, 'subject' | 'known' | 'data'>) {
  const mapper = (
    MAPPERS as Record<string, ((data: unknown) => AuditDraft | undefined) | undefined>
  )[event.subject];
  if (event.known && Object.prototype.hasOwnProperty.call(MAPPERS, event.subject))
    return mapper?.(event.data);
  return genericDraft(event.subject, event.data);
}
