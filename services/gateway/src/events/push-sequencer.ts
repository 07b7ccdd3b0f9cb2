import type { LiveEventDataMap, LiveEventType, PushEvent } from '@strata/proto';

/**
 * One push of a user's stream (notify's `push.user.<userId>` or its replay log), decoded with
 * its schema (proto/strata/notify/v1/pushes.proto) into the SSE event it becomes.
 */
export type UserPush = PushEvent;

/**
 * Puts a user's pushes in seq order for one SSE connection, whatever order they arrive in and
 * however often (live from NATS, and again from the replay log): each seq is written once,
 * never one below what was already written, never past a gap. A gap (a push lost on core NATS
 * or not yet published) is reported so the connection reads the replay log.
 */
export class PushSequencer {
  private readonly pending = new Map<number, UserPush>();

  constructor(private lastSeq: number) {}

  get last(): number {
    return this.lastSeq;
  }

  /** True while pushes wait behind a missing seq. */
  get hasGap(): boolean {
    return this.pending.size > 0;
  }

  /** Takes one push; returns the pushes now ready to write, in order. */
  offer(push: UserPush): UserPush[] {
    if (!Number.isInteger(push.seq) || push.seq <= this.lastSeq) return [];
    this.pending.set(push.seq, push);
    const ready: UserPush[] = [];
    for (let next = this.pending.get(this.lastSeq + 1); next;) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      ready.push(next);
      next = this.pending.get(this.lastSeq + 1);
    }
    return ready;
  }

  /** Starts over at `seq` (the replay log no longer reaches back): drops what waited below it. */
  resetTo(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
    for (const key of [...this.pending.keys()]) if (key <= this.lastSeq) this.pending.delete(key);
  }
}

/** Parses Last-Event-ID: a non-negative integer, else undefined (a fresh start). */
export function parseLastEventId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n <= 0xffffffff ? n : undefined;
}

/** One SSE frame: `data` is the JSON of the event's case of strata.gateway.v1.LiveEvent. */
export function sseFrame<K extends LiveEventType>(
  event: K,
  data: LiveEventDataMap[K],
  id?: number,
): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
