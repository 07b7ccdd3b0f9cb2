import { Injectable, Logger } from '@nestjs/common';
import { forbidden, notFound, unprocessable } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { SessionRevokeReason } from '@strata/proto';
import { PrismaService } from '../database/prisma.service';
import { ClientInfo, SessionIssuer } from '../sessions/session-issuer';
import { SessionsService } from '../sessions/sessions.service';
import { IssuedTokens } from '../sessions/token-pair';
import { AttemptLimiter } from '../throttling/attempt-limiter';
import { PasswordHasher } from './password-hasher';

export interface PasswordChange {
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
}

/**
 * Changing a password needs the current one; it revokes every session of the user, including
 * the one asking, and returns fresh tokens for a new session on the same device.
 */
@Injectable()
export class PasswordChangeService {
  private readonly logger = new Logger(PasswordChangeService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly sessions: SessionsService,
    private readonly issuer: SessionIssuer,
    private readonly bus: EventBus,
  ) {}

  async change(request: PasswordChange, client: ClientInfo): Promise<IssuedTokens> {
    const user = await this.prisma.user.findUnique({ where: { id: request.userId } });
    if (!user || user.disabledAt) throw notFound('auth.user_not_found', 'No such user.');
    await this.limiter.assertLoginAllowed(user.email, client.ip);
    if (user.passwordHash === null && request.currentPassword === '') {
      // A user who signed up with Google sets a first password: there is none to confirm.
    } else if (!(await this.hasher.verify(user.passwordHash, request.currentPassword))) {
      await this.limiter.recordLoginFailure(user.email, client.ip);
      throw forbidden('auth.current_password_incorrect', 'The current password is incorrect.');
    }
    if (request.newPassword === request.currentPassword) {
      throw unprocessable(
        'auth.password_unchanged',
        'The new password must differ from the current one.',
        [{ field: 'newPassword', message: 'must differ from the current password' }],
      );
    }
    const passwordHash = await this.hasher.hash(request.newPassword);
    const session = await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
      const active = await tx.session.findMany({
        where: { userId: user.id, revokedAt: null },
        select: { id: true },
      });
      await this.sessions.revoke(
        tx,
        user.id,
        active.map((s) => s.id),
        SessionRevokeReason.PASSWORD_CHANGED,
      );
      await this.bus.outbox!.add(tx, 'evt.auth.password.changed', {
        userId: user.id,
        ip: client.ip,
      });
      return this.issuer.open(tx, user.id, client);
    });
    this.logger.log({ userId: user.id, sessionId: session.sessionId }, 'password changed');
    return this.issuer.tokensFor(user, session);
  }
}
