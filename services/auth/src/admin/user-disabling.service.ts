import { Injectable, Logger } from '@nestjs/common';
import { notFound, unprocessable } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { SessionRevokeReason } from '@strata/proto';
import { PrismaService } from '../database/prisma.service';
import { SessionsService } from '../sessions/sessions.service';

/** A platform admin disables a user: no more sign-ins, and every session ends now. */
@Injectable()
export class UserDisablingService {
  private readonly logger = new Logger(UserDisablingService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsService,
    private readonly bus: EventBus,
  ) {}

  async disable(userId: string, adminId: string): Promise<number> {
    if (userId === adminId) {
      throw unprocessable('auth.cannot_disable_self', 'You cannot disable your own account.');
    }
    const revoked = await this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId } });
      if (!user) throw notFound('auth.user_not_found', 'No such user.');
      if (!user.disabledAt) {
        await tx.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
        await this.bus.outbox!.add(tx, 'evt.auth.user.disabled', { userId });
      }
      const active = await tx.session.findMany({
        where: { userId, revokedAt: null },
        select: { id: true },
      });
      return this.sessions.revoke(
        tx,
        userId,
        active.map((s) => s.id),
        SessionRevokeReason.USER_DISABLED,
      );
    });
    this.logger.log({ userId, adminId, revokedSessions: revoked }, 'user disabled');
    return revoked;
  }
}
