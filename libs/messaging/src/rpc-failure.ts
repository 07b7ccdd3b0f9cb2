import { DomainError, isProblem } from '@strata/errors';
import { isNoResponders, isTimeout } from './rpc-retry';

/** Seconds a client is asked to wait when a service or NATS does not answer. */
const RETRY_AFTER_SECONDS = 5;

const unavailable = (detail: string) =>
  new DomainError(503, 'platform.service_unavailable', detail, { retryAfter: RETRY_AFTER_SECONDS });

/**
 * Codes and messages of the NATS client when the connection to NATS is down or closing (and of
 * Nest's wrapper, which rejects with a bare string): the platform is unavailable, not broken.
 */
const CONNECTION_TROUBLE =
  /connection lost|trying to reconnect|CONNECTION_(CLOSED|DRAINING|REFUSED)|DISCONNECT|not initialized/i;

/**
 * What a failed request becomes for its caller: the other side's problem as the same
 * DomainError; no answer within the deadline, no service subscribed (NATS "no responders") or
 * NATS unreachable as 503 platform.service_unavailable with Retry-After; anything else as is.
 */
export function rpcFailure(subject: string, error: unknown, deadlineMs: number): unknown {
  if (isProblem(error)) return DomainError.fromProblem(error);
  if (isTimeout(error)) return unavailable(`No answer to ${subject} within ${deadlineMs} ms.`);
  if (isNoResponders(error)) return unavailable(`No service is running that answers ${subject}.`);
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (
    CONNECTION_TROUBLE.test(message) ||
    (typeof code === 'string' && CONNECTION_TROUBLE.test(code))
  )
    return unavailable(`The message bus is unreachable; ${subject} was not sent.`);
  return error;
}
