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

const PREFIX = 'push.user.';

/**
 * This gateway process's SSE connections: one wildcard NATS subscription (`push.user.*`) fanned
 * out in memory to the connections of each user, a heartbeat for all, a cap per user, and a
 * clean close (a `reconnect` event) before the process stops.
 */
@Injectable()
export class SseHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SseHub.name);
  private readonly byUser = new Map<string, Set<SseConnection>>();
  private subscription?: Subscription;
  private logSubscription?: Subscription;
  /** Live run log chunks (`cluster.run.log.*`, one subscription) to the feeds following them. */
  readonly logs = new ClusterLogRouter();
  private heartbeat?: NodeJS.Timeout;
  private connections = 0;

  constructor(
    private readonly bus: EventBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.nats.subscribe(`${PREFIX}*`, {
      callback: (err, msg) => {
        if (err) return this.logger.error({ err }, 'push subscription failed');
        const connections = this.byUser.get(msg.subject.slice(PREFIX.length));
        if (!connections) return;
        let push: UserPush;
        try {
          push = decodeUserPush(msg.data); // either form, during a rolling upgrade
        } catch (err) {
          return this.logger.error({ err, subject: msg.subject }, 'unreadable push dropped');
        }
        for (const connection of connections) connection.receive(push);
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
    this.heartbeat = setInterval(() => {
      for (const set of this.byUser.values()) for (const c of set) c.heartbeat();
    }, this.config.SSE_HEARTBEAT_SECONDS * 1000);
    this.heartbeat.unref();
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
    return true;
  }

  remove(connection: SseConnection, reason: CloseReason): void {
    const set = this.byUser.get(connection.userId);
    if (!set?.delete(connection)) return;
    this.connections--;
    if (set.size === 0) this.byUser.delete(connection.userId);
    if (reason === 'slow')
      this.logger.warn({ userId: connection.userId }, 'SSE client too slow: cut off');
  }

  /** Before the HTTP server closes: every stream ends with `reconnect`, so clients go elsewhere. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.subscription?.drain().catch(() => undefined);
    await this.logSubscription?.drain().catch(() => undefined);
    const all = [...this.byUser.values()].flatMap((set) => [...set]);
    for (const connection of all) connection.close('shutdown');
    if (all.length) this.logger.log({ count: all.length }, 'SSE streams closed for shutdown');
  }
}
