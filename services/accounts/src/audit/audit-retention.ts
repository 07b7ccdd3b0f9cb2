import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';
import { AuditRepository } from './audit.repository';

const HOUR_MS = 3_600_000;

/**
 * The retention job, the audit log's only deleter: at start and every hour it removes the
 * entries older than AUDIT_RETENTION_DAYS (through audit_prune; concurrent replicas are harmless).
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly entries: AuditRepository,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<void> {
    try {
      const days = this.config.AUDIT_RETENTION_DAYS;
      const removed = await this.entries.prune(days);
      this.logger.log({ removed, retentionDays: days }, 'audit log retention applied');
    } catch (err) {
      this.logger.error({ err }, 'audit log retention failed; will retry');
    }
  }
}
