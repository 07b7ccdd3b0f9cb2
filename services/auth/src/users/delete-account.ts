import { Inject, Injectable, Logger } from '@nestjs/common';
import { Principal } from '@strata/authz';
import { conflict, forbidden, notFound } from '@strata/errors';
import { EventBus, RpcClient } from '@strata/messaging';
import { SessionRevokeReason } from '@strata/proto';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { SessionsService } from '../sessions/sessions.service';
import { AttemptLimiter } from '../throttling/attempt-limiter';

/**
 * A user deletes their own account with their current password, or without one right after
 * signing in again with Google in this session (GoogleReauth). accounts is asked first whether
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
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Without a password: this session must have signed in again with Google just now. */
  private async assertFreshGoogleSignIn(caller: Principal): Promise<void> {
    const session = await this.prisma.session.findUnique({ where: { id: caller.sessionId } });
    const since = Date.now() - this.config.AUTH_REAUTH_MAX_AGE_SECONDS * 1000;
    if (!session?.reauthenticatedAt || session.reauthenticatedAt.getTime() < since) {
      throw conflict(
        'auth.reauth_required',
        'Confirm it is you: enter your password, or (for an account that signs in with Google) ' +
          'sign in with Google again first.',
      );
    }
  }

  async delete(caller: Principal, password: string, ip: string): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { id: caller.userId } });
    if (!user || user.disabledAt) throw notFound('auth.user_not_found', 'No such user.');
    await this.limiter.assertLoginAllowed(user.email, ip);
    if (password === '') await this.assertFreshGoogleSignIn(caller);
    else if (!(await this.hasher.verify(user.passwordHash, password))) {
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
