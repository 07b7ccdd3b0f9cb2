import { DomainError, unprocessable } from '@strata/errors';

/** The reasons a verification fails, each a documented 422 code. */
export const CLOUD_FAILURES = {
  invalid_credentials: 'The cloud refused these credentials.',
  credentials_expired: 'These credentials have expired.',
  permission_denied: 'The credentials work but lack a permission the check needs.',
  subscription_not_found: 'The subscription is not visible to these credentials.',
  storage_not_found: 'The bucket or container does not exist or is not visible.',
  unreachable: 'The cloud could not be reached; try again later.',
  untrusted_endpoint: "The key names an endpoint that is not the cloud's own.",
  invalid_key: 'The key file is not a valid service-account key.',
} as const;

export type CloudFailure = keyof typeof CLOUD_FAILURES;

export const cloudFailure = (reason: CloudFailure, detail?: string): DomainError =>
  unprocessable(`cloud.${reason}`, detail ?? CLOUD_FAILURES[reason]);

export const isCloudFailure = (error: unknown): error is DomainError =>
  error instanceof DomainError && error.status === 422 && error.code.startsWith('cloud.');

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Whether an error (or one it wraps) is a connection failure or a timeout. */
export function isNetworkError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; name?: unknown; cause?: unknown; message?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  if (
    typeof e.message === 'string' &&
    /ECONNREFUSED|ENOTFOUND|socket hang up|timed? ?out/i.test(e.message)
  )
    return true;
  return isNetworkError(e.cause, depth + 1);
}
