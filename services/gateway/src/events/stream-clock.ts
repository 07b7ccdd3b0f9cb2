/**
 * One clock for all of a gateway's streams instead of a timer each: streams are kept in buckets
 * by the second their access token expires (each is ended at the first tick after that second,
 * at most a second late), and a heartbeat falls due every `heartbeatMs`.
 */
export class StreamClock<T> {
  private readonly bySecond = new Map<number, Set<T>>();
  private lastHeartbeat: number;
  /** How often the owner should call it: every second, or each heartbeat when that is sooner. */
  readonly tickMs: number;

  constructor(
    private readonly heartbeatMs: number,
    now = Date.now(),
  ) {
    this.tickMs = Math.min(1000, heartbeatMs);
    this.lastHeartbeat = now;
  }

  expireAt(stream: T, atMs: number): void {
    const second = Math.ceil(atMs / 1000);
    let bucket = this.bySecond.get(second);
    if (!bucket) this.bySecond.set(second, (bucket = new Set()));
    bucket.add(stream);
  }

  forget(stream: T, atMs: number): void {
    const second = Math.ceil(atMs / 1000);
    const bucket = this.bySecond.get(second);
    if (bucket?.delete(stream) && bucket.size === 0) this.bySecond.delete(second);
  }

  /** The streams whose expiry has passed at `now`, taken out of the clock. */
  expired(now: number): T[] {
    const out: T[] = [];
    for (const [second, bucket] of this.bySecond) {
      if (second * 1000 > now) continue;
      this.bySecond.delete(second);
      out.push(...bucket);
    }
    return out;
  }

  /** True once per `heartbeatMs` (give or take a tick). */
  heartbeatDue(now: number): boolean {
    // Half a tick of slack: an interval that fires a little early still beats on time.
    if (now - this.lastHeartbeat < this.heartbeatMs - this.tickMs / 2) return false;
    this.lastHeartbeat = now;
    return true;
  }
}
