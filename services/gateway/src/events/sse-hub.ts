import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Subscription } from 'nats';
import { EventBus } from '@strata/messaging';
import { decodeUserPush } from '@strata/proto';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { ClusterLogRouter, LIVE_LOG_PREFIX } from './cluster-log-feed';
import { UserPush } from './push-sequencer';
import { CloseReason, SseConnection } from './sse-connection';
import { HEARTBEAT, SseFrame } from './sse-frame';
import { StreamClock } from './stream-clock';

const PREFIX = 'push.user.';

/**
 * This gateway process's SSE connections: one wildcard NATS subscription (`push.user.*`) fanned
 * out in memory to the connections of each user (each push decoded and framed once, the same
 * bytes written to all of them), one clock for all streams (the heartbeat, and each stream's end
 * when its access token expires, at most a second late), a cap per user, and a clean close (a
 * `reconnect` event) before the process stops.
 */
@Injectable()
export class SseHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SseHub.name);
  private readonly byUser = new Map<string, Set<SseConnection>>();
  private subscription?: Subscription;
  private logSubscription?: Subscription;
  /** Live run log chunks (`cluster.run.log.*`, one subscription) to the feeds following them. */
  readonly logs = new ClusterLogRouter();
  private readonly clock: StreamClock<SseConnection>;
  private timer?: NodeJS.Timeout;
  private connections = 0;

  constructor(
    private readonly bus: EventBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.clock = new StreamClock(config.SSE_HEARTBEAT_SECONDS * 1000);
  }

  onApplicationBootstrap(): void {
    this.subscription = this.bus.nats.subscribe(`${PREFIX}*`, {
      callback: (err, msg) => {
        if (err) return this.logger.error({ err }, 'push subscription failed');
        const connections = this.byUser.get(msg.subject.slice(PREFIX.length));
        if (!connections) return;
        let push: UserPush;
        let frame: SseFrame;
        try {
          push = decodeUserPush(msg.data); // either form, during a rolling upgrade
          frame = SseFrame.json(push.type, push.data, push.seq);
        } catch (err) {
          return this.logger.error({ err, subject: msg.subject }, 'unreadable push dropped');
        }
        const framed = { ...push, frame };
        for (const connection of connections) connection.receive(framed);
      },
    });
    this.logSubscription = this.bus.nats.subscribe(`${LIVE_LOG_PREFIX}*`, {
      callback: (err, msg) => {
        if (err) return this.logger.error({ err }, 'run log subscription failed');
        try {
          this.logs.deliver(msg.subject, msg.data);
        } catch (err) {
          this.logger.error({ err, subject: msg.subject }, 'unreadable log chunk dropped');
        }
      },
    });
    this.timer = setInterval(() => this.tick(Date.now()), this.clock.tickMs);
    this.timer.unref();
  }

  /** The clock: expired tokens end their streams, then a heartbeat for all when one is due. */
  private tick(now: number): void {
    for (const connection of this.clock.expired(now)) connection.close('token_expired');
    if (this.clock.heartbeatDue(now))
      for (const set of this.byUser.values()) for (const c of set) c.send(HEARTBEAT);
  }

  get size(): number {
    return this.connections;
  }

  /** False when the user already has the most connections allowed. */
  add(connection: SseConnection): boolean {
    const set = this.byUser.get(connection.userId) ?? new Set<SseConnection>();
    if (set.size >= this.config.SSE_MAX_CONNECTIONS_PER_USER) return false;
    set.add(connection);
    this.byUser.set(connection.userId, set);
    this.connections++;
    if (connection.expiresAt !== undefined) this.clock.expireAt(connection, connection.expiresAt);
    return true;
  }

  remove(connection: SseConnection, reason: CloseReason): void {
    const set = this.byUser.get(connection.userId);
    if (!set?.delete(connection)) return;
    this.connections--;
    if (connection.expiresAt !== undefined) this.clock.forget(connection, connection.expiresAt);
    if (set.size === 0) this.byUser.delete(connection.userId);
    if (reason === 'slow')
      this.logger.warn({ userId: connection.userId }, 'SSE client too slow: cut off');
  }

  /** Before the HTTP server closes: every stream ends with `reconnect`, so clients go elsewhere. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.subscription?.drain().catch(() => undefined);
    await this.logSubscription?.drain().catch(() => undefined);
    const all = [...this.byUser.values()].flatMap((set) => [...set]);
    for (const connection of all) connection.close('shutdown');
    if (all.length) this.logger.log({ count: all.length }, 'SSE streams closed for shutdown');
  }
}
