import { Inject, Injectable, Logger } from '@nestjs/common';
import { newOpaqueToken } from '@strata/authn';
import { EventBus } from '@strata/messaging';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import { AttemptLimiter } from '../throttling/attempt-limiter';

/**
 * "Forgot password": a single-use, expiring link goes to the address if it belongs to an account
 * that is not disabled. The answer, and about the time, are the same either way: both branches
 * count the limits first, make a token and look the address up in one transaction; only the
 * known one writes the token row and the event (two small inserts, no hashing).
 */
@Injectable()
export class RequestPasswordReset {
  private readonly logger = new Logger(RequestPasswordReset.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly limiter: AttemptLimiter,
    private readonly bus: EventBus,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async request(email: string, ip: string): Promise<void> {
    const normalized = email.trim().toLowerCase();
    await this.limiter.consumePasswordReset(normalized, ip);
    const { token, hash } = newOpaqueToken();
    const minutes = this.config.AUTH_PASSWORD_RESET_TTL_MINUTES;
    const expiresAt = new Date(Date.now() + minutes * 60_000);
    const url = new URL('/reset-password', this.config.PUBLIC_URL);
    url.searchParams.set('token', token);
    const userId = await this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { email: normalized } });
      if (!user || user.disabledAt) return undefined;
      await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: hash, expiresAt } });
      await this.bus.outbox!.add(tx, 'evt.auth.password.reset_requested', {
        userId: user.id,
        email: normalized,
        resetUrl: url.toString(),
        expiresInMinutes: minutes,
      });
      return user.id;
    });
    if (userId) this.logger.log({ userId }, 'password reset requested');
    else this.logger.debug('password reset requested for no usable account: no email sent');
  }
}
