export interface WaitUntilOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is being waited for, used in the timeout error. */
  description: string;
  /** Gives up (rejecting with the signal's reason) once aborted. */
  signal?: AbortSignal;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `attempt` until it resolves to something other than `undefined`/`false`
 * and returns that value. A rejection counts as "not yet"; the last one is
 * reported when the time is up.
 */
export async function waitUntil<T>(
  attempt: () => Promise<T | undefined | false>,
  { timeoutMs, intervalMs = 100, description, signal }: WaitUntilOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await attempt();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${reason}`);
    }
    await sleep(intervalMs);
  }
}

/** Rejects with `message` if `promise` has not settled within `timeoutMs`. */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
