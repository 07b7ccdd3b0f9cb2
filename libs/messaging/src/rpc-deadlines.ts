import type { RequestSubject } from './contracts';

/** How long a caller waits for each kind of request before answering 503. */
export interface RpcDeadlines {
  /** Reads (`…get`, `…list`, `…count`, …): a live service answers them in milliseconds. */
  readMs: number;
  /** Changes that only touch the service's own database. */
  writeMs: number;
  /** Requests that hash a password (argon2id) or call a cloud API or start a cluster run. */
  slowMs: number;
}

export const DEFAULT_RPC_DEADLINES: RpcDeadlines = {
  readMs: 3_000,
  writeMs: 5_000,
  slowMs: 20_000,
};

const READ_VERBS = new Set(['get', 'list', 'count', 'since', 'logs', 'check']);

/** Password hashing, outside calls (cloud APIs, Google) and cluster creation. */
const SLOW_SUBJECTS = new Set<string>([
  'auth.user.register',
  'auth.session.login',
  'auth.password.change',
  'auth.password.reset',
  'auth.user.delete',
  'auth.google.signin',
  'cloud.account.create',
  'cloud.account.verify',
  'cloud.connector.create',
  'cloud.connector.verify',
  'cloud.credentials.issue',
  'cloud.kube_token.issue',
  'cloud.keys.rotate',
  'cluster.cluster.create',
  'cluster.cluster.change',
  'cluster.cluster.kubeconfig',
]);

export type DeadlineClass = keyof RpcDeadlines;

/** The deadline class of a subject: slow by name, read by verb, otherwise a write. */
export function deadlineClass(subject: RequestSubject | string): DeadlineClass {
  if (SLOW_SUBJECTS.has(subject)) return 'slowMs';
  const verb = subject.slice(subject.lastIndexOf('.') + 1);
  return READ_VERBS.has(verb) ? 'readMs' : 'writeMs';
}

export function deadlineFor(subject: RequestSubject | string, deadlines: RpcDeadlines): number {
  return deadlines[deadlineClass(subject)];
}
