import { decodeLiveLogChunk } from '@strata/proto';

/**
 * One chunk of a run's log, as the cluster service publishes it on `cluster.run.log.<runId>`
 * (strata.cluster.v1.LiveLogChunk) and the SSE `log` event carries it.
 */
export interface LogChunk {
  runId: string;
  /** Byte offset of the chunk's first byte in the run's log. */
  offset: number;
  text: string;
}

/** One page of a run's stored log (`cluster.run.logs`, chunks whose offset is >= after). */
export interface LogPage {
  chunks: Array<{ offset: number; text: string }>;
  nextOffset: number;
  complete: boolean;
}

export type LogPageSource = (runId: string, after: number) => Promise<LogPage>;

export const LIVE_LOG_PREFIX = 'cluster.run.log.';

interface RunCursor {
  /** The next byte offset to write: everything before it was written once. */
  next: number;
  /** Where this run's stored log is read (cluster runs and app runs have their own). */
  read: LogPageSource;
  catchingUp: boolean;
  held: LogChunk[];
}

/**
 * The run log lines of one cluster (its runs and its apps' runs) for one SSE connection
 * (`?cluster=<id>`). Each followed run is
 * registered with the router (live chunks) before its stored chunks are read from the offset;
 * every chunk is written once, in offset order (dedupe by offset); a jump in offsets (a chunk lost
 * on core NATS, or live before stored) reads the stored chunks again.
 */
export class ClusterLogFeed {
  private readonly runs = new Map<string, RunCursor>();
  private stopped = false;

  constructor(
    readonly clusterId: string,
    private readonly router: ClusterLogRouter,
    private readonly read: LogPageSource,
    private readonly write: (chunk: LogChunk) => void,
    private readonly fail: (err: unknown) => void,
  ) {}

  /**
   * Follows a run of this cluster from `after` (0: from its first byte); once per run. `read`
   * reads an app run's stored log (default: the cluster runs' source).
   */
  follow(runId: string, after = 0, read: LogPageSource = this.read): void {
    if (this.stopped || this.runs.has(runId)) return;
    const cursor: RunCursor = { next: after, read, catchingUp: false, held: [] };
    this.runs.set(runId, cursor);
    this.router.watch(runId, this);
    void this.catchUp(runId, cursor);
  }

  /** A live chunk from the router. */
  receive(chunk: LogChunk): void {
    const cursor = this.runs.get(chunk.runId);
    if (this.stopped || !cursor) return;
    if (cursor.catchingUp) cursor.held.push(chunk);
    else this.offer(chunk, cursor);
  }

  stop(): void {
    this.stopped = true;
    this.router.unwatch(this);
    this.runs.clear();
  }

  get runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** True when the chunk was written or was already written; false on a gap. */
  private offer(chunk: LogChunk, cursor: RunCursor): boolean {
    const end = chunk.offset + Buffer.byteLength(chunk.text, 'utf8');
    if (end <= cursor.next || chunk.offset < cursor.next) return true; // duplicate
    if (chunk.offset > cursor.next) {
      void this.catchUp(chunk.runId, cursor);
      return false;
    }
    cursor.next = end;
    this.write({ runId: chunk.runId, offset: chunk.offset, text: chunk.text });
    return true;
  }

  private async catchUp(runId: string, cursor: RunCursor): Promise<void> {
    if (cursor.catchingUp) return;
    cursor.catchingUp = true;
    try {
      for (;;) {
        if (this.stopped) return;
        const page = await cursor.read(runId, cursor.next);
        let progressed = false;
        for (const c of page.chunks) {
          const end = c.offset + Buffer.byteLength(c.text, 'utf8');
          if (c.offset !== cursor.next || end <= cursor.next) continue;
          cursor.next = end;
          progressed = true;
          this.write({ runId, offset: c.offset, text: c.text });
        }
        if (!progressed || page.complete) break;
      }
    } catch (err) {
      if (!this.stopped) this.fail(err);
      return;
    } finally {
      cursor.catchingUp = false;
    }
    const held = cursor.held;
    cursor.held = [];
    for (const chunk of held) if (!this.offer(chunk, cursor)) break;
  }
}

/**
 * This gateway process's one subscription to live run logs (`cluster.run.log.*`), handed to the
 * feeds following each run.
 */
export class ClusterLogRouter {
  private readonly byRun = new Map<string, Set<ClusterLogFeed>>();

  watch(runId: string, feed: ClusterLogFeed): void {
    const set = this.byRun.get(runId) ?? new Set<ClusterLogFeed>();
    set.add(feed);
    this.byRun.set(runId, set);
  }

  unwatch(feed: ClusterLogFeed): void {
    for (const runId of feed.runIds) {
      const set = this.byRun.get(runId);
      if (!set) continue;
      set.delete(feed);
      if (set.size === 0) this.byRun.delete(runId);
    }
  }

  /** A message of `cluster.run.log.<runId>`. */
  deliver(subject: string, data: Uint8Array): void {
    const feeds = this.byRun.get(subject.slice(LIVE_LOG_PREFIX.length));
    if (!feeds) return;
    const { runId, offset, text } = decodeLiveLogChunk(data);
    for (const feed of feeds) feed.receive({ runId, offset, text });
  }
}
