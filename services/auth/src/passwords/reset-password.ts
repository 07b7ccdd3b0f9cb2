import { Injectable, Logger } from '@nestjs/common';
import { hashOpaqueToken } from '@strata/authn';
import { badRequest } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { SessionRevokeReason } from '@strata/proto';
import { PrismaService } from '../database/prisma.service';
import { SessionsService } from '../sessions/sessions.service';
import { AttemptLimiter } from '../throttling/attempt-limiter';
import { PasswordHasher } from './password-hasher';

const invalid = () =>
  badRequest(
    'auth.reset_token_invalid',
    'This password-reset link is invalid, used or expired. Ask for a new one.',
  );

/**
 * Sets a new password with the token from a reset link: consumes it (and every other open reset
 * link of the user), ends every session and refresh-token family, and — since the link proves the
 * mailbox — marks the address verified. A Google-only account gets its first password this way.
 */
@Injectable()
export class ResetPassword {
  private readonly logger = new Logger(ResetPassword.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly sessions: SessionsService,
    private readonly bus: EventBus,
  ) {}

  async reset(token: string, newPassword: string, ip: string): Promise<string> {
    const found = await this.prisma.passwordResetToken.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
      include: { user: true },
    });
    if (!found || found.usedAt || found.expiresAt <= new Date() || found.user.disabledAt)
      throw invalid();
    const passwordHash = await this.hasher.hash(newPassword);
    const { user } = found;
    const revoked = await this.prisma.$transaction(async (tx) => {
      const now = new Date();
      // Only one of two concurrent uses of the same link can win this update.
      const claimed = await tx.passwordResetToken.updateMany({
        where: { id: found.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count === 0) throw invalid();
      await tx.passwordResetToken.updateMany({
        where: { userId: user.id, usedAt: null },
        data: { usedAt: now },
      });
      await tx.user.update({
        where: { id: user.id },
        data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now },
      });
      if (!user.emailVerifiedAt)
        await this.bus.outbox!.add(tx, 'evt.auth.email.verified', { userId: user.id });
      const active = await tx.session.findMany({
        where: { userId: user.id, revokedAt: null },
        select: { id: true },
      });
      await this.bus.outbox!.add(tx, 'evt.auth.password.changed', { userId: user.id, ip });
      return this.sessions.revoke(
        tx,
        user.id,
        active.map((s) => s.id),
        SessionRevokeReason.PASSWORD_RESET,
      );
    });
    // The owner proved the mailbox: failed logins counted against the account are forgiven.
    await this.limiter.clearAccountFailures(user.email);
    this.logger.log({ userId: user.id, revokedSessions: revoked }, 'password reset');
    return user.id;
  }
}
