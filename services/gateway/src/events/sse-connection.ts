import type { Response } from 'express';
import { PushSequencer, sseFrame, UserPush } from './push-sequencer';
import { tooSlow } from './slow-client-policy';

/** What notify's replay log answers (notify.events.since), decoded. */
export interface Backlog {
  pushes: UserPush[];
  lastSeq: number;
  unread: number;
  truncated: boolean;
  more: boolean;
}

export type BacklogSource = (afterSeq: number, fromNow: boolean) => Promise<Backlog>;

export type CloseReason = 'client' | 'slow' | 'shutdown' | 'token_expired' | 'error';

export interface SseConnectionOptions {
  userId: string;
  /** The active organization: `cluster` pushes of other organizations are not written. */
  orgId?: string;
  maxBufferedBytes: number;
  backlog: BacklogSource;
  /** A `cluster` push of the active organization, as it is written (a new run to follow). */
  onClusterPush?(data: { clusterId?: string; runId?: string; appId?: string }, type: string): void;
  onClose(connection: SseConnection, reason: CloseReason): void;
}

/**
 * One browser tab's event stream. Live pushes that arrive while the backlog is read are held,
 * then everything goes through the PushSequencer: no gap, no duplicate, ids only grow. A gap in
 * live pushes makes it read the replay log again.
 */
export class SseConnection {
  private early: UserPush[] | undefined = [];
  private sequencer = new PushSequencer(0);
  private catchingUp = false;
  private closed = false;

  constructor(
    private readonly res: Response,
    readonly options: SseConnectionOptions,
  ) {}

  get userId(): string {
    return this.options.userId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Reads the backlog after `lastEventId` (or only where the stream is, for a fresh start). */
  async start(lastEventId: number | undefined): Promise<void> {
    if (lastEventId === undefined) {
      const now = await this.options.backlog(0, true);
      this.sequencer = new PushSequencer(now.lastSeq);
      this.write(sseFrame('hello', { unread: now.unread, lastSeq: now.lastSeq }, now.lastSeq));
    } else {
      this.sequencer = new PushSequencer(lastEventId);
      this.write(sseFrame('hello', { resumedAfter: lastEventId }));
      await this.catchUp();
    }
    const early = this.early ?? [];
    this.early = undefined;
    for (const push of early) this.deliver(push);
  }

  /** A live push from the hub. */
  receive(push: UserPush): void {
    if (this.closed) return;
    if (this.early) this.early.push(push);
    else this.deliver(push);
  }

  /** A run log line (`event: log`, no id: ids stay the push sequence). */
  log(chunk: { runId: string; offset: number; text: string }): void {
    this.write(sseFrame('log', chunk));
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  /** Ends the stream; for shutdown and token expiry the client is told to reconnect. */
  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    if (reason === 'shutdown' || reason === 'token_expired') {
      this.res.write(sseFrame('reconnect', { reason }));
      this.res.end();
    } else if (reason === 'slow') {
      this.res.destroy();
    } else {
      this.res.end();
    }
    this.options.onClose(this, reason);
  }

  private deliver(push: UserPush): void {
    for (const ready of this.sequencer.offer(push)) this.writePush(ready);
    if (this.sequencer.hasGap && !this.early) void this.catchUp();
  }

  private writePush(push: UserPush): void {
    if (push.type === 'cluster' || push.type === 'app') {
      const orgId = (push.data as { orgId?: string } | null)?.orgId;
      if (!this.options.orgId || orgId !== this.options.orgId) return; // id consumed, not shown
      this.write(sseFrame(push.type, push.data, push.seq));
      this.options.onClusterPush?.(
        push.data as { clusterId?: string; runId?: string; appId?: string },
        push.type,
      );
      return;
    }
    this.write(sseFrame(push.type, push.data, push.seq));
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
          this.write(sseFrame('reset', { unread: backlog.unread }, backlog.lastSeq));
          break;
        }
        for (const push of backlog.pushes)
          for (const ready of this.sequencer.offer(push)) this.writePush(ready);
        more = backlog.more;
      }
    } catch {
      this.close('error'); // the client reconnects with Last-Event-ID and loses nothing
    } finally {
      this.catchingUp = false;
    }
  }

  private write(text: string): void {
    if (this.closed) return;
    const accepted = this.res.write(text);
    if (tooSlow(accepted, this.res.writableLength, this.options.maxBufferedBytes))
      this.close('slow');
  }
}
