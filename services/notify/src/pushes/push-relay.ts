import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { JsonValue } from '@bufbuild/protobuf';
import { EventBus } from '@strata/messaging';
import { userPushJson } from '@strata/proto';
import { NOTIFY_CONFIG, NotifyConfig } from '../config';
import { PrismaService } from '../database/prisma.service';

const POLL_MS = 1000;
const BATCH = 500;

/**
 * Publishes committed pushes on core NATS `push.user.<userId>` as the proto3 JSON of
 * strata.notify.v1.UserPush (`{seq, at, <type>: data}`)
 * and marks them published. Kicked after every commit; also polls, so pushes committed by a
 * process that died before publishing go out after the restart (or from another replica).
 * Core NATS may drop a push: the gateway notices the gap in seqs and reads the replay log.
 */
@Injectable()
export class PushRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PushRelay.name);
  private running: Promise<void> = Promise.resolve();
  private again = false;
  private busy = false;
  private timer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
    @Inject(NOTIFY_CONFIG) private readonly config: NotifyConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.kick(), POLL_MS);
    this.pruneTimer = setInterval(() => void this.prune(), 10 * 60_000);
    void this.kick();
  }

  /** Publishes whatever is pending; resolves once this call's pass is done. */
  kick(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.running;
    }
    this.busy = true;
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.publishBatch()) === BATCH);
        } while (this.again);
      } catch (err) {
        this.logger.error({ err }, 'publishing pushes failed; retrying');
      } finally {
        this.busy = false;
      }
    })();
    return this.running;
  }

  private async publishBatch(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<
        Array<{ user_id: string; seq: number; type: string; data: unknown; created_at: Date }>
      >`SELECT user_id, seq, type, data, created_at FROM push_log WHERE published_at IS NULL
        ORDER BY user_id, seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      for (const row of rows) {
        // The proto3 JSON of UserPush (data was validated when it was appended).
        const push = userPushJson(row.seq, row.created_at, row.type, row.data as JsonValue);
        this.bus.nats.publish(`push.user.${row.user_id}`, push);
      }
      await this.bus.nats.flush();
      const users = rows.map((r) => r.user_id);
      const seqs = rows.map((r) => r.seq);
      await tx.$executeRaw`UPDATE push_log p SET published_at = now()
        FROM unnest(${users}::uuid[], ${seqs}::int[]) AS u(user_id, seq)
        WHERE p.user_id = u.user_id AND p.seq = u.seq`;
      this.logger.debug({ count: rows.length }, 'pushes published');
      return rows.length;
    });
  }

  private async prune(): Promise<void> {
    const before = new Date(Date.now() - this.config.NOTIFY_PUSH_RETENTION_HOURS * 3_600_000);
    const { count } = await this.prisma.pushLog
      .deleteMany({ where: { createdAt: { lt: before }, publishedAt: { not: null } } })
      .catch((err: unknown) => {
        this.logger.error({ err }, 'pruning the push log failed');
        return { count: 0 };
      });
    if (count) this.logger.log({ count }, 'push log pruned');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.running;
  }
}
