import { Injectable, Logger } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { forbidden, notFound, unauthorized } from '@strata/errors';
import { EventBus, ReplyInit } from '@strata/messaging';
import { SessionRevokeReason } from '@strata/proto';
import { PrismaService, Tx } from '../database/prisma.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { AttemptLimiter } from '../throttling/attempt-limiter';
import { hashOpaqueToken, newOpaqueToken } from '@strata/authn';
import { ClientInfo, SessionIssuer } from './session-issuer';
import { IssuedTokens } from './token-pair';
import { LoginRepository } from './login.repository';

const invalidCredentials = () =>
  unauthorized('auth.invalid_credentials', 'The email or password is incorrect.');
const invalidRefresh = () =>
  unauthorized('auth.invalid_refresh_token', 'The session has ended; sign in again.');

/** Login, refresh-token rotation with reuse detection, logout, listing and revoking sessions. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly issuer: SessionIssuer,
    private readonly bus: EventBus,
    private readonly logins: LoginRepository,
  ) {}

  /**
   * A password login: refused at once with 503 auth.busy when the hashing queue is full (before
   * any database work, so a refusal during a login storm costs no statement), the throttle
   * check, one prepared read of the user, the argon2id verification (a decoy one for an unknown
   * email, so both answers take as long), then one write statement (session, refresh token,
   * outbox event and, for a hash made with earlier parameters, its upgrade), and the access
   * token signed after the commit.
   */
  async login(email: string, password: string, client: ClientInfo): Promise<IssuedTokens> {
    this.hasher.assertRoom();
    const normalized = email.trim().toLowerCase();
    const { accountHasFailures } = await this.limiter.assertLoginAllowed(normalized, client.ip);
    const user = await this.logins.userByEmail(normalized);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid || user.disabledAt) {
      await this.limiter.recordLoginFailure(normalized, client.ip);
      this.logger.warn({ ip: client.ip, knownAccount: Boolean(user) }, 'failed login');
      throw invalidCredentials();
    }
    if (accountHasFailures) await this.limiter.clearAccountFailures(normalized);
    if (!user.emailVerifiedAt) {
      throw forbidden('auth.email_not_verified', 'Verify your email address before signing in.');
    }
    const upgradedPasswordHash = this.hasher.needsRehash(user.passwordHash!)
      ? await this.hasher.hash(password)
      : undefined;
    const refresh = newOpaqueToken();
    const refreshTokenExpiresAt = this.issuer.refreshExpiry();
    const sessionId = await this.logins.openSession({
      userId: user.id,
      client,
      expiresAt: refreshTokenExpiresAt,
      refreshTokenHash: refresh.hash,
      upgradedPasswordHash,
    });
    this.logger.log({ userId: user.id, sessionId }, 'signed in');
    return this.issuer.tokensFor(user, {
      sessionId,
      refreshToken: refresh.token,
      refreshTokenExpiresAt,
    });
  }

  /**
   * Rotates a refresh token. A token that was already rotated is a sign of theft: the whole
   * family (session) is revoked, so both the thief's and the owner's tokens stop working.
   */
  async refresh(refreshToken: string, client: ClientInfo): Promise<IssuedTokens> {
    const found = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: hashOpaqueToken(refreshToken) },
      include: { session: { include: { user: true } } },
    });
    if (!found) throw invalidRefresh();
    const { session } = found;
    const now = new Date();
    if (
      session.revokedAt ||
      session.expiresAt <= now ||
      found.expiresAt <= now ||
      session.user.disabledAt
    ) {
      throw invalidRefresh();
    }
    if (found.rotatedAt) return this.revokeOnReuse(session.userId, session.id);

    const next = newOpaqueToken();
    const rotated = await this.prisma.$transaction(async (tx) => {
      // Only one of two concurrent uses of the same token can win this update.
      const claimed = await tx.refreshToken.updateMany({
        where: { id: found.id, rotatedAt: null },
        data: { rotatedAt: now },
      });
      if (claimed.count === 0) return false;
      await tx.refreshToken.create({
        data: { sessionId: session.id, tokenHash: next.hash, expiresAt: session.expiresAt },
      });
      await tx.session.update({
        where: { id: session.id },
        data: { lastUsedAt: now, ip: client.ip, userAgent: client.userAgent },
      });
      return true;
    });
    if (!rotated) return this.revokeOnReuse(session.userId, session.id);
    return this.issuer.tokensFor(session.user, {
      sessionId: session.id,
      refreshToken: next.token,
      refreshTokenExpiresAt: session.expiresAt,
    });
  }

  private async revokeOnReuse(userId: string, sessionId: string): Promise<never> {
    await this.prisma.$transaction((tx) =>
      this.revoke(tx, userId, [sessionId], SessionRevokeReason.REFRESH_TOKEN_REUSE),
    );
    this.logger.warn({ userId, sessionId }, 'refresh token reused: session revoked');
    throw unauthorized(
      'auth.refresh_token_reused',
      'This session was ended for your safety; sign in again.',
    );
  }

  /**
   * A new access token for a live session, with fresh claims: after an organization switch
   * (`orgId`), or a change of role or username. The refresh token stays as it is.
   */
  async reissue(userId: string, sessionId: string, orgId?: string) {
    const session = await this.prisma.session.findFirst({
      where: { id: sessionId, userId },
      include: { user: true },
    });
    const now = new Date();
    if (!session || session.revokedAt || session.expiresAt <= now || session.user.disabledAt) {
      throw unauthorized('auth.session_revoked', 'This session has ended; sign in again.');
    }
    const access = await this.issuer.accessToken(session.user, session.id, orgId);
    await this.prisma.session.update({ where: { id: session.id }, data: { lastUsedAt: now } });
    return access;
  }

  async logout(userId: string, sessionId: string): Promise<void> {
    await this.prisma.$transaction((tx) =>
      this.revoke(tx, userId, [sessionId], SessionRevokeReason.LOGOUT),
    );
  }

  async list(userId: string, currentSessionId: string): Promise<ReplyInit<'auth.session.list'>> {
    const sessions = await this.prisma.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { lastUsedAt: 'desc' },
      take: 1000,
    });
    return {
      sessions: sessions.map((session) => ({
        id: session.id,
        userAgent: session.userAgent ?? '',
        ip: session.ip ?? '',
        createdAt: timestampFromDate(session.createdAt),
        lastUsedAt: timestampFromDate(session.lastUsedAt),
        current: session.id === currentSessionId,
      })),
    };
  }

  async revokeOne(userId: string, sessionId: string): Promise<number> {
    const count = await this.prisma.$transaction((tx) =>
      this.revoke(tx, userId, [sessionId], SessionRevokeReason.REVOKED),
    );
    if (count === 0) throw notFound('auth.session_not_found', 'No such active session.');
    return count;
  }

  async revokeOthers(userId: string, currentSessionId: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const others = await tx.session.findMany({
        where: { userId, revokedAt: null, id: { not: currentSessionId } },
        select: { id: true },
      });
      return this.revoke(
        tx,
        userId,
        others.map((s) => s.id),
        SessionRevokeReason.REVOKED_OTHERS,
      );
    });
  }

  /** Revokes the user's listed sessions that are still active; emits one event for them. */
  async revoke(
    tx: Tx,
    userId: string,
    sessionIds: string[],
    reason: SessionRevokeReason,
  ): Promise<number> {
    if (sessionIds.length === 0) return 0;
    const active = await tx.session.findMany({
      where: { userId, id: { in: sessionIds }, revokedAt: null },
      select: { id: true },
    });
    if (active.length === 0) return 0;
    const ids = active.map((s) => s.id);
    await tx.session.updateMany({
      where: { id: { in: ids } },
      data: { revokedAt: new Date(), revokedReason: SessionRevokeReason[reason].toLowerCase() },
    });
    await this.bus.outbox!.add(tx, 'evt.auth.session.revoked', { userId, sessionIds: ids, reason });
    return ids.length;
  }
}
