import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy } from 'nats';
import { decodeEvent, EventBus, EVENTS_STREAM } from '@strata/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';

/**
 * Access tokens are verified locally, so a revoked session's token would live until it expires.
 * Every gateway replays recent `evt.auth.session.revoked` events (one access-token lifetime back)
 * and refuses those sessions at once.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSessions.name);
  private readonly revoked = new Map<string, number>();
  private messages?: ConsumerMessages;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  has(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  async onApplicationBootstrap(): Promise<void> {
    const windowMs = (this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    // An ephemeral, unacknowledged consumer per gateway process: it replays the window on start.
    const jsm = await this.bus.nats.jetstreamManager();
    const info = await jsm.consumers.add(EVENTS_STREAM, {
      filter_subject: 'evt.auth.session.revoked',
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - windowMs).toISOString(),
      ack_policy: AckPolicy.None,
      inactive_threshold: 60_000_000_000,
      mem_storage: true,
    });
    const consumer = await this.bus.nats.jetstream().consumers.get(EVENTS_STREAM, info.name);
    this.messages = await consumer.consume();
    void (async () => {
      for await (const msg of this.messages!) {
        try {
          const event = decodeEvent('evt.auth.session.revoked', msg.data);
          const until = Date.now() + windowMs;
          for (const id of event.sessionIds) this.revoked.set(id, until);
        } catch (err) {
          this.logger.error({ err }, 'unreadable session.revoked event');
        }
      }
    })();
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [id, until] of this.revoked) if (until < now) this.revoked.delete(id);
    }, 60_000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.messages?.close();
  }
}
