import type { Logger } from '@nestjs/common';
import { lastProgress } from '../runner/job-contract';
import type { LogWriter } from '../runner/job-runner';
import type { RunLogStore } from './run-kind';

/** Where a run's log goes, once found: its kind's store and the bytes already stored. */
export type FoundLog = { store: RunLogStore; size: number } | null;

/** What the writer does with a stored chunk (publishes it live). */
export type PublishChunk = (chunk: {
  runId: string;
  offset: number;
  text: string;
  progress: ReturnType<typeof lastProgress>;
}) => void;

/**
 * One stream of a run's log from its first byte: skips what is already stored (by byte count),
 * then appends chunks (at most every 200 ms or 16 KiB) with their offsets, updates the run's
 * progress from progress lines and publishes each chunk live. The run's store and stored size
 * are looked up when the first bytes are flushed, not when the stream opens: a stream that
 * brings nothing new (a Pod's stream opened again at its end, an empty log) costs no query, and
 * opening a thousand streams at once does not put a thousand reads in the way of the runs'
 * transitions. Only this writer stores the run's log in this process while it is open (one
 * stream per run); another writer's bytes are caught by the store's compare-and-set.
 */
export class RunLogWriter implements LogWriter {
  private received = 0;
  private pending = '';
  private found?: Promise<FoundLog>;
  private stored?: Promise<number>;
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly runId: string,
    private readonly lookup: () => Promise<FoundLog>,
    private readonly publish: PublishChunk,
    private readonly logger: Pick<Logger, 'error'>,
  ) {}

  write(text: string): void {
    this.pending += text;
    if (Buffer.byteLength(this.pending) >= 16 * 1024) this.schedule(0);
    else this.schedule(200);
  }

  private schedule(delay: number) {
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  async end(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.flush());
    await this.flushing;
  }

  /** The first flush with bytes looks the run up (once per stream). */
  private storedSize(): Promise<number> {
    if (!this.stored) {
      this.found = this.lookup();
      // An unknown run (another installation's Job) stores nothing: everything counts as stored.
      this.stored = this.found.then((f) => f?.size ?? Number.MAX_SAFE_INTEGER);
    }
    return this.stored;
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    const start = this.received;
    this.received += bytes.length;
    try {
      const stored = await this.storedSize();
      if (this.received <= stored) return; // already stored by an earlier stream
      const fresh = bytes.subarray(Math.max(0, stored - start)).toString('utf8');
      const offset = Math.max(stored, start);
      const store = (await this.found)!.store;
      const progress = lastProgress(fresh);
      const saved = await store.append(this.runId, offset, fresh, progress);
      if (!saved) {
        this.stored = store.size(this.runId).then((size) => size ?? 0);
        return;
      }
      this.stored = Promise.resolve(offset + Buffer.byteLength(fresh));
      this.publish({ runId: this.runId, offset, text: fresh, progress });
    } catch (error) {
      this.logger.error({ err: error, runId: this.runId }, 'storing a log chunk failed');
    }
  }
}
