import type { LiveEventMap, LiveEventType, LogChunk } from './live-wire';
import { unreadCount } from '../api/notifications';
import { toApiError } from '../api/problem';

export type { LiveEventMap, LiveEventType } from './live-wire';

type Handler<K extends LiveEventType> = (data: LiveEventMap[K]) => void;

const TYPES: LiveEventType[] = [
  'hello',
  'notification',
  'unread',
  'cluster',
  'app',
  'log',
  'reset',
];
const bytes = new TextEncoder();

/**
 * The tab's one EventSource, shared by every page and the navigation: open while something
 * uses it, closed (after a tick, so a page change does not reopen it) when nothing does. It is
 * reopened, resuming after the last event id, when a page follows another cluster's log or the
 * active organization changed. A stream that ended (an expired access token, a shutdown, a 401)
 * is resumed after the session is refreshed through the API client.
 */
export class LiveEvents {
  private source: EventSource | null = null;
  private users = 0;
  private readonly handlers = new Map<LiveEventType, Set<Handler<LiveEventType>>>();
  private readonly unreadListeners = new Set<() => void>();
  private unread: number | null = null;
  private lastEventId: string | null = null;
  private orgId: string | null = null;
  private clusterId: string | null = null;
  /** Where the followed cluster's log stopped, to resume it without a replay. */
  private logAfter: { runId: string; next: number } | null = null;
  /** The organization and cluster the open (or recovering) stream was opened for. */
  private openKey: string | null = null;
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  /** Keeps the stream open until the returned release is called. */
  retain(): () => void {
    this.users += 1;
    this.scheduleSync();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users -= 1;
      this.scheduleSync();
    };
  }

  on<K extends LiveEventType>(type: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as Handler<LiveEventType>);
    this.handlers.set(type, set);
    return () => set.delete(handler as Handler<LiveEventType>);
  }

  /** The organization the page shows: `cluster` events are those of the stream's organization. */
  setOrganization(orgId: string): void {
    if (this.orgId === orgId) return;
    this.orgId = orgId;
    this.scheduleSync();
  }

  /** Adds this cluster's run log lines to the stream until the returned release is called. */
  followCluster(clusterId: string): () => void {
    if (this.clusterId !== clusterId) {
      this.clusterId = clusterId;
      this.logAfter = null;
      this.scheduleSync();
    }
    return () => {
      if (this.clusterId !== clusterId) return;
      this.clusterId = null;
      this.logAfter = null;
      this.scheduleSync();
    };
  }

  getUnread = (): number | null => this.unread;

  subscribeUnread = (listener: () => void): (() => void) => {
    this.unreadListeners.add(listener);
    return () => this.unreadListeners.delete(listener);
  };

  /** The count an API answer gave (mark read, delete), before its `unread` event arrives. */
  setUnread(unread: number | null): void {
    if (this.unread === unread) return;
    this.unread = unread;
    for (const listener of this.unreadListeners) listener();
  }

  private key(): string | null {
    return this.users > 0 ? `${this.orgId ?? ''}/${this.clusterId ?? ''}` : null;
  }

  private scheduleSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.sync();
    }, 0);
  }

  private sync(): void {
    const want = this.key();
    if (want === this.openKey) return;
    this.stop();
    if (want !== null) this.open();
    else this.forget(); // nothing uses it (signed out, say): the next user starts afresh
  }

  private forget(): void {
    this.lastEventId = null;
    this.logAfter = null;
    this.orgId = null;
    this.failures = 0;
    this.setUnread(null);
  }

  private stop(): void {
    this.source?.close();
    this.source = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.openKey = null;
  }

  private url(): string {
    const query = new URLSearchParams();
    if (this.clusterId) {
      query.set('cluster', this.clusterId);
      if (this.logAfter) query.set('logAfter', `${this.logAfter.runId}:${this.logAfter.next}`);
    }
    if (this.lastEventId) query.set('lastEventId', this.lastEventId);
    const search = query.toString();
    return `/api/v1/events${search ? `?${search}` : ''}`;
  }

  private open(): void {
    this.openKey = this.key();
    const source = new EventSource(this.url(), { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
    });
    for (const type of TYPES) {
      source.addEventListener(type, (event) => this.dispatch(type, event));
    }
    source.addEventListener('reconnect', () => this.recover(source));
    source.addEventListener('error', () => {
      // While CONNECTING the browser retries by itself (with Last-Event-ID); CLOSED is an
      // answer other than the stream (401 for an expired token, 429, 5xx).
      if (source.readyState === EventSource.CLOSED) this.recover(source);
    });
  }

  private remember(event: MessageEvent): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
  }

  private dispatch(type: LiveEventType, event: MessageEvent): void {
    this.remember(event);
    let data: LiveEventMap[LiveEventType];
    try {
      data = JSON.parse(event.data as string) as LiveEventMap[LiveEventType];
    } catch {
      return;
    }
    const unread = (data as { unread?: unknown }).unread;
    if (typeof unread === 'number') this.setUnread(unread); // hello, unread, reset
    if (type === 'log') {
      const chunk = data as LogChunk;
      this.logAfter = {
        runId: chunk.runId,
        next: chunk.offset + bytes.encode(chunk.text).length,
      };
    }
    for (const handler of [...(this.handlers.get(type) ?? [])]) handler(data);
  }

  /**
   * The stream ended: refresh the session if the token expired (the API client does it on a
   * 401), then open it again after the last event id; give up when signed out.
   */
  private recover(source: EventSource): void {
    if (source !== this.source) return;
    source.close();
    this.source = null;
    this.retry();
  }

  private retry(): void {
    const delay = Math.min(30_000, 500 * 2 ** this.failures);
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void unreadCount().then(
        (unread) => {
          if (this.openKey === null || this.source) return;
          this.setUnread(unread);
          this.open();
        },
        (error: unknown) => {
          if (this.openKey === null || this.source) return;
          // Signed out: the next page that needs the stream opens it again.
          if (toApiError(error).status === 401) this.openKey = null;
          else this.retry();
        },
      );
    }, delay);
  }
}

/** The tab's stream. */
export const liveEvents = new LiveEvents();
