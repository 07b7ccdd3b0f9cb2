/**
 * JetStream API calls made at start (stream and consumer create/update) race when several
 * replicas of a service start together: one replica's `add` meets the other's, an update lands
 * while the stream leader is busy, a request times out on a loaded server. These are transient:
 * the same call a moment later finds the state the other replica made. Anything else (a bad
 * configuration, a permission) is thrown at once.
 */
const TRANSIENT_CODES = new Set(['TIMEOUT', '503', 'CONNECTION_REFUSED', 'DISCONNECT']);
const TRANSIENT_MESSAGE =
  /timeout|timed out|temporarily unavailable|no responders|already in use|not (a )?leader|leader(ship)? (change|not)|cluster.*(not available|unavailable)|in progress/i;

export function isTransientJetStreamError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  // JetStream API errors carry its 10008 "JetStream system temporarily unavailable".
  const apiCode = (error as { api_error?: { err_code?: number } })?.api_error?.err_code;
  if (apiCode === 10008) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}

export interface JetStreamRetryOptions {
  /** Tries in all, the first included (default 6). */
  attempts?: number;
  /** Delay before the second try; it doubles each time up to `maxDelayMs` (default 100 ms). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** What counts as transient (default isTransientJetStreamError). */
  isTransient?: (error: unknown) => boolean;
  /** Waits (a test gives its own clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Told of each retry (what failed, the try that comes next, the wait before it). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** 0..1 of the delay added at random so replicas that collided do not collide again. */
  jitter?: number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`, again after a growing pause while it fails transiently, at most `attempts` times. */
export async function retryJetStreamApi<T>(
  call: () => Promise<T>,
  options: JetStreamRetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 6);
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const isTransient = options.isTransient ?? isTransientJetStreamError;
  const sleep = options.sleep ?? sleepFor;
  const jitter = options.jitter ?? 0.5;
  let delayMs = options.initialDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      const wait = Math.round(Math.min(delayMs, maxDelayMs) * (1 + jitter * Math.random()));
      options.onRetry?.(error, attempt + 1, wait);
      await sleep(wait);
      delayMs *= 2;
    }
  }
}
