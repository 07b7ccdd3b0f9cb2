import { Injectable, Logger } from '@nestjs/common';
import { Principal } from '@strata/authz';
import { conflict, forbidden, notFound } from '@strata/errors';
import { EventBus, RpcClient } from '@strata/messaging';
import { SessionRevokeReason } from '@strata/proto';
import { PrismaService } from '../database/prisma.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { AttemptLimiter } from '../throttling/attempt-limiter';

/**
 * A user deletes their own account with their current password. accounts is asked first whether
 * the user may go (not the last owner of an organization others use); then, in one transaction,
 * every session is revoked (so access tokens are refused at once) and the identity row is
 * deleted with everything hanging off it (sessions, refresh tokens, verification and reset
 * tokens, the Google link). `evt.auth.user.deleted` carries only the id to the other services.
 */
@Injectable()
export class DeleteAccount {
  private readonly logger = new Logger(DeleteAccount.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly sessions: SessionsService,
    private readonly rpc: RpcClient,
    private readonly bus: EventBus,
  ) {}

  async delete(caller: Principal, password: string, ip: string): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { id: caller.userId } });
    if (!user || user.disabledAt) throw notFound('auth.user_not_found', 'No such user.');
    await this.limiter.assertLoginAllowed(user.email, ip);
    if (user.passwordHash === null) {
      throw conflict(
        'auth.password_required',
        'This account has no password (it signs in with Google). Set one first, then delete ' +
          'the account with it.',
      );
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.limiter.recordLoginFailure(user.email, ip);
      throw forbidden('auth.current_password_incorrect', 'The current password is incorrect.');
    }
    await this.rpc.request(
      'accounts.deletion.check',
      { userId: user.id },
      { accessToken: caller.accessToken },
    );
    const revoked = await this.prisma.$transaction(async (tx) => {
      const active = await tx.session.findMany({
        where: { userId: user.id, revokedAt: null },
        select: { id: true },
      });
      const count = await this.sessions.revoke(
        tx,
        user.id,
        active.map((s) => s.id),
        SessionRevokeReason.USER_DELETED,
      );
      await tx.user.delete({ where: { id: user.id } });
      await this.bus.outbox!.add(tx, 'evt.auth.user.deleted', { userId: user.id });
      return count;
    });
    await this.limiter.clearAccountFailures(user.email);
    this.logger.log({ userId: user.id, revokedSessions: revoked }, 'account deleted');
  }
}
