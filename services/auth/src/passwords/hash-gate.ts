import { DomainError } from '@strata/errors';

/** Seconds a client is asked to wait when the hashing queue is full. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export const busy = () =>
  new DomainError(503, 'auth.busy', 'The service is busy; try again shortly.', {
    retryAfter: BUSY_RETRY_AFTER_SECONDS,
  });

export interface HashGateOptions {
  /** Hashes or verifications running at once (each takes one libuv thread). */
  concurrency: number;
  /** Calls allowed to wait for a slot; beyond it a call fails at once with auth.busy. */
  queue: number;
  /** A call that waited longer than this is not run: its caller has given up (RPC deadline). */
  maxWaitMs: number;
  /** The clock, injectable for tests. */
  now?: () => number;
}

interface Waiter {
  enqueuedAt: number;
  start: () => void;
  reject: (error: unknown) => void;
}

/**
 * A bounded gate in front of password hashing: at most `concurrency` calls in flight, at most
 * `queue` waiting in FIFO order, and anything beyond answered 503 auth.busy at once, so a burst
 * of logins costs a short wait or a fast refusal instead of latency that grows without bound.
 */
export class HashGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private readonly now: () => number;

  constructor(private readonly options: HashGateOptions) {
    if (!(options.concurrency >= 1)) throw new Error('HashGate concurrency must be at least 1');
    if (!(options.queue >= 0)) throw new Error('HashGate queue must not be negative');
    this.now = options.now ?? Date.now;
  }

  /** Calls running now. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Throws auth.busy when a call made now would be refused (every slot running, the queue full),
   * so a caller can refuse before any other work (a login's throttle and user reads). `run`
   * still decides: the gate may fill between this check and the call.
   */
  assertRoom(): void {
    if (this.active >= this.options.concurrency && this.waiting.length >= this.options.queue) {
      throw busy();
    }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency) {
      this.assertRoom();
      await new Promise<void>((start, reject) =>
        this.waiting.push({ enqueuedAt: this.now(), start, reject }),
      );
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Hands the freed slot to the oldest waiter whose caller is still waiting, or frees it. */
  private release(): void {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      if (this.now() - next.enqueuedAt > this.options.maxWaitMs) {
        next.reject(busy());
        continue;
      }
      next.start(); // the slot passes to it: `active` stays the same
      return;
    }
    this.active--;
  }
}
