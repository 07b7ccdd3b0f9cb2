import { Inject, Injectable, Logger } from '@nestjs/common';
import { badRequest } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { Prisma } from '../generated/prisma/client';
import { AUTH_CONFIG, AuthConfig } from '../config';
import { PrismaService, Tx } from '../database/prisma.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { AttemptLimiter } from '../throttling/attempt-limiter';
import { hashOpaqueToken, newOpaqueToken } from '@strata/authn';

/**
 * Sign-up and email verification. Sign-up and resend answer the same way, in shape and about in
 * time, whether the address is known or not: the difference only shows in the mailbox.
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger(RegistrationService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly bus: EventBus,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async register(email: string, password: string, ip: string): Promise<void> {
    // Per client IP, before anything is read or written: a refused sign-up leaves no trace but
    // the counter, and the refusal is the same whether the address is known or not.
    await this.limiter.consumeSignup(ip);
    const normalized = email.trim().toLowerCase();
    // Every sign-up counts against the address's verification-mail limit, known address or new,
    // before it is looked up: the resends that follow are refused at the same point either way.
    const mayMail = await this.limiter.tryConsumeResend(normalized);
    // Hash before looking: a known address must cost the same time as a new one.
    const passwordHash = await this.hasher.hash(password);
    try {
      await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: normalized, passwordHash } });
        await this.bus.outbox!.add(tx, 'evt.auth.user.registered', {
          userId: user.id,
          email: normalized,
        });
        // A new account always gets its first link, whatever the counter says.
        await this.requestVerification(tx, user.id, normalized);
        this.logger.log({ userId: user.id }, 'user registered');
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'))
        throw error;
      // Already registered: the same answer; the owner of an unverified address gets a new link,
      // within the resend limit (past it, silently nothing, so the answer still does not differ).
      if (mayMail) await this.resendFor(normalized);
      else this.logger.debug('repeat sign-up past the resend limit: no email sent');
    }
  }

  async verify(token: string): Promise<string> {
    const found = await this.prisma.emailVerificationToken.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
    });
    const invalid = () =>
      badRequest(
        'auth.verification_invalid',
        'This verification link is invalid, used or expired.',
      );
    if (!found || found.usedAt || found.expiresAt <= new Date()) throw invalid();
    const verified = await this.prisma.$transaction(async (tx) => {
      const claimed = await tx.emailVerificationToken.updateMany({
        where: { id: found.id, usedAt: null },
        data: { usedAt: new Date() },
      });
      if (claimed.count === 0) return false;
      await tx.user.update({ where: { id: found.userId }, data: { emailVerifiedAt: new Date() } });
      await this.bus.outbox!.add(tx, 'evt.auth.email.verified', { userId: found.userId });
      return true;
    });
    if (!verified) throw invalid();
    this.logger.log({ userId: found.userId }, 'email verified');
    return found.userId;
  }

  async resend(email: string): Promise<void> {
    const normalized = email.trim().toLowerCase();
    await this.limiter.consumeResend(normalized);
    await this.resendFor(normalized);
  }

  private async resendFor(email: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { email } });
      if (!user || user.emailVerifiedAt) return;
      await this.requestVerification(tx, user.id, email);
    });
  }

  /** A single-use, expiring token stored as a digest; only the email carries the token itself. */
  private async requestVerification(tx: Tx, userId: string, email: string): Promise<void> {
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.AUTH_VERIFICATION_TTL_HOURS * 3_600_000);
    await tx.emailVerificationToken.create({ data: { userId, tokenHash: hash, expiresAt } });
    const url = new URL('/verify-email', this.config.PUBLIC_URL);
    url.searchParams.set('token', token);
    await this.bus.outbox!.add(tx, 'evt.auth.email.verification_requested', {
      userId,
      email,
      verificationUrl: url.toString(),
    });
  }
}
