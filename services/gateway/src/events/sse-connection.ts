import { PushSequencer, UserPush } from './push-sequencer';
import { SseFrame } from './sse-frame';
import type { SseSink } from './sse-sink';

/** What notify's replay log answers (notify.events.since), decoded. */
export interface Backlog {
  pushes: UserPush[];
  lastSeq: number;
  unread: number;
  truncated: boolean;
  more: boolean;
}

/** A live push of the hub, with its frame: encoded once for all the streams of its user. */
export type FramedPush = UserPush & { frame: SseFrame };

export type BacklogSource = (afterSeq: number, fromNow: boolean) => Promise<Backlog>;

export type CloseReason = 'client' | 'slow' | 'shutdown' | 'token_expired' | 'error';

export interface SseConnectionOptions {
  userId: string;
  /** The active organization: `cluster` pushes of other organizations are not written. */
  orgId?: string;
  backlog: BacklogSource;
  /** A `cluster` push of the active organization, as it is written (a new run to follow). */
  onClusterPush?(data: { clusterId?: string; runId?: string; appId?: string }, type: string): void;
  onClose(connection: SseConnection, reason: CloseReason): void;
}

/**
 * One browser tab's event stream, written through an SseSink (a slow client is cut off there). Live pushes that arrive while the backlog is read are held,
 * then everything goes through the PushSequencer: no gap, no duplicate, ids only grow. A gap in
 * live pushes makes it read the replay log again.
 */
export class SseConnection {
  private early: UserPush[] | undefined = [];
  private sequencer = new PushSequencer(0);
  private catchingUp = false;
  private closed = false;
  /** When the access token expires (ms since the epoch; the hub's clock ends the stream). */
  expiresAt?: number;

  constructor(
    private readonly sink: SseSink,
    readonly options: SseConnectionOptions,
  ) {}

  get userId(): string {
    return this.options.userId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Reads the backlog after `lastEventId` (or only where the stream is, for a fresh start).
   * A fresh stream starts before the first push that reached this connection while it was read:
   * the caller subscribed before the response's headers went out, so every push after them is
   * written, even one the read already counted (its `unread` push that follows carries the same
   * count). What lies between that push and where the stream is comes from the replay log.
   */
  async start(lastEventId: number | undefined): Promise<void> {
    if (lastEventId === undefined) {
      const now = await this.options.backlog(0, true);
      const from = freshStart(now.lastSeq, this.early ?? []);
      this.sequencer = new PushSequencer(from);
      this.write(SseFrame.json('hello', { unread: now.unread, lastSeq: from }, from));
      await this.flushEarly();
      if (this.sequencer.last < now.lastSeq) await this.catchUp(); // committed, not yet live
    } else {
      this.sequencer = new PushSequencer(lastEventId);
      this.write(SseFrame.json('hello', { resumedAfter: lastEventId }));
      await this.catchUp();
      await this.flushEarly();
    }
  }

  /** Writes the live pushes held while the backlog was read; reads the log if one is missing. */
  private async flushEarly(): Promise<void> {
    const early = this.early;
    if (!early) return;
    this.early = undefined;
    for (const push of early) this.offer(push);
    if (this.sequencer.hasGap) await this.catchUp();
  }

  /** A live push from the hub. */
  receive(push: FramedPush): void {
    if (this.closed) return;
    if (this.early) this.early.push(push);
    else this.deliver(push);
  }

  /** A run log line (`event: log`, no id: ids stay the push sequence). */
  log(chunk: { runId: string; offset: number; text: string }): void {
    this.write(SseFrame.json('log', chunk));
  }

  /** A frame shared with other streams (the hub's heartbeat). */
  send(frame: SseFrame): void {
    this.write(frame);
  }

  /** Ends the stream; for shutdown and token expiry the client is told to reconnect. */
  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    if (reason === 'shutdown' || reason === 'token_expired')
      this.sink.end(SseFrame.json('reconnect', { reason }));
    else if (reason === 'slow') this.sink.destroy();
    else this.sink.end();
    this.options.onClose(this, reason);
  }

  private deliver(push: UserPush): void {
    this.offer(push);
    if (this.sequencer.hasGap && !this.early) void this.catchUp();
  }

  /** Writes the push and any held back until it came (the sequencer keeps the ids in order). */
  private offer(push: UserPush): void {
    for (const ready of this.sequencer.offer(push)) this.writePush(ready);
  }

  /** The hub's shared frame for a live push, a frame of its own for one from the replay log. */
  private writePush(push: UserPush | FramedPush): void {
    const frame = () =>
      'frame' in push ? push.frame : SseFrame.json(push.type, push.data, push.seq);
    if (push.type === 'cluster' || push.type === 'app') {
      const orgId = (push.data as { orgId?: string } | null)?.orgId;
      if (!this.options.orgId || orgId !== this.options.orgId) return; // id consumed, not shown
      this.write(frame());
      this.options.onClusterPush?.(
        push.data as { clusterId?: string; runId?: string; appId?: string },
        push.type,
      );
      return;
    }
    this.write(frame());
  }

  /** Reads the replay log after what was written until it is complete (one reader at a time). */
  private async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      for (let more = true; more && !this.closed;) {
        const backlog = await this.options.backlog(this.sequencer.last, false);
        if (backlog.truncated) {
          this.sequencer.resetTo(backlog.lastSeq);
          this.write(SseFrame.json('reset', { unread: backlog.unread }, backlog.lastSeq));
          break;
        }
        for (const push of backlog.pushes) this.offer(push);
        more = backlog.more;
      }
    } catch {
      this.close('error'); // the client reconnects with Last-Event-ID and loses nothing
    } finally {
      this.catchingUp = false;
    }
  }

  private write(frame: SseFrame): void {
    if (!this.closed) this.sink.write(frame); // past the bound the sink calls close('slow')
  }
}

/**
 * Where a fresh stream starts: just before the first push that arrived live while where the
 * stream is (`lastSeq`) was read, else at `lastSeq`.
 */
export function freshStart(lastSeq: number, early: readonly UserPush[]): number {
  let from = lastSeq;
  for (const push of early) from = Math.min(from, push.seq - 1);
  return Math.max(from, 0);
}
