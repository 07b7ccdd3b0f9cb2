import { Injectable, Logger } from '@nestjs/common';
import { forbidden } from '@strata/errors';
import { PrismaService } from '../database/prisma.service';

/**
 * A signed-in user signed in again with Google (prompt=login, max_age=0), from their session:
 * when the Google account is the one linked to them, the session is marked re-authenticated now.
 * Account deletion accepts that instead of a password for AUTH_REAUTH_MAX_AGE_SECONDS.
 */
@Injectable()
export class GoogleReauth {
  private readonly logger = new Logger(GoogleReauth.name);

  constructor(private readonly prisma: PrismaService) {}

  async confirm(userId: string, sessionId: string, googleSub: string): Promise<void> {
    const marked = await this.prisma.session.updateMany({
      where: {
        id: sessionId,
        userId,
        revokedAt: null,
        expiresAt: { gt: new Date() },
        user: { googleSub, disabledAt: null },
      },
      data: { reauthenticatedAt: new Date() },
    });
    if (marked.count === 0) {
      this.logger.warn({ userId, sessionId }, 'Google re-authentication refused');
      throw forbidden(
        'auth.google_reauth_mismatch',
        'That Google account is not the one linked to your account, or your session has ended.',
      );
    }
    this.logger.log({ userId, sessionId }, 're-authenticated with Google');
  }
}
