export interface TransactionBatcherOptions<I> {
  /** At most this many items in one flush (one transaction). */
  maxBatch: number;
  /**
   * Items with the same key never share a flush (e.g. two runs of one cluster: both would
   * read the cluster row as it was before either); a later one waits for the next flush.
   */
  keyOf?: (item: I) => string;
}

interface Entry<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the items submitted within one tick of the event loop (and those that arrive while
 * a flush is in flight) and hands them to `flush` together: one transaction for many
 * transitions instead of one each. One flush at a time, in submission order. `flush` answers
 * one result per item, in order. If a flush of several items fails, each is flushed again
 * alone, so one bad item fails only itself.
 */
export class TransactionBatcher<I, R> {
  private queue: Array<Entry<I, R>> = [];
  private scheduled = false;
  private flushing = false;
  /** Flushes so far and the items they held: for metrics and tests. */
  flushes = 0;
  flushedItems = 0;

  constructor(
    private readonly flush: (items: I[]) => Promise<R[]>,
    private readonly options: TransactionBatcherOptions<I>,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a flush. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule() {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  /** The next batch: queue order, at most maxBatch, no key twice; the rest stays queued. */
  private take(): Array<Entry<I, R>> {
    const keys = new Set<string>();
    const batch: Array<Entry<I, R>> = [];
    const rest: Array<Entry<I, R>> = [];
    for (const entry of this.queue) {
      const key = this.options.keyOf?.(entry.item);
      if (batch.length >= this.options.maxBatch || (key !== undefined && keys.has(key))) {
        rest.push(entry);
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(entry);
    }
    this.queue = rest;
    return batch;
  }

  private async run(): Promise<void> {
    this.flushing = true;
    try {
      const batch = this.take();
      try {
        this.settle(batch, await this.flushCounted(batch));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else
          for (const entry of batch) {
            try {
              this.settle([entry], await this.flushCounted([entry]));
            } catch (alone) {
              entry.reject(alone);
            }
          }
      }
    } finally {
      this.flushing = false;
      this.schedule();
    }
  }

  private async flushCounted(batch: Array<Entry<I, R>>): Promise<R[]> {
    this.flushes += 1;
    this.flushedItems += batch.length;
    const results = await this.flush(batch.map((e) => e.item));
    if (results.length !== batch.length)
      throw new Error(`flush answered ${results.length} results for ${batch.length} items`);
    return results;
  }

  private settle(batch: Array<Entry<I, R>>, results: R[]) {
    batch.forEach((entry, i) => entry.resolve(results[i]!));
  }
}
