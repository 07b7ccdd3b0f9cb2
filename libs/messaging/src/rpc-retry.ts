import { ErrorCode, NatsError } from 'nats';
import { deadlineClass } from './rpc-deadlines';

/**
 * Requests a caller sends once more when the first got no answer. Only reads: a read has no
 * effect, so sending it again cannot double anything, and the replica that took it may have died
 * with it (a SIGKILL mid-request; replicas share the subject through the queue group, so the
 * second try goes to a live one). A write is never resent: it may have been done.
 */
export const READ_RETRIES = 1;

/** Tries in all for `subject`: reads get a second try, everything else one. */
export function attemptsFor(subject: string): number {
  return deadlineClass(subject) === 'readMs' ? 1 + READ_RETRIES : 1;
}

/**
 * Whether the failure says the request got no answer (no replica answered within the deadline,
 * or none was subscribed at that moment), as opposed to an answer that was a problem.
 */
export function isUnanswered(error: unknown): boolean {
  return isTimeout(error) || isNoResponders(error);
}

/** The NATS client's "no reply within the request's timeout". */
export const isTimeout = (error: unknown): boolean =>
  error instanceof NatsError && error.code === ErrorCode.Timeout;

/** nats-server's 503 status for a request nobody is subscribed to ("no responders"). */
export const isNoResponders = (error: unknown): boolean =>
  error instanceof NatsError && error.code === ErrorCode.NoResponders;
