import { Injectable, Logger } from '@nestjs/common';
import { conflict, forbidden } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { Prisma } from '../generated/prisma/client';
import { PrismaService, Tx } from '../database/prisma.service';
import { ClientInfo, SessionIssuer } from '../sessions/session-issuer';
import { IssuedTokens } from '../sessions/token-pair';

/** What Google said about the account, after the gateway completed the authorization-code flow. */
export interface GoogleIdentity {
  /** Google's stable account id (`sub`). */
  sub: string;
  email: string;
  /** Google's `email_verified` claim. */
  emailVerified: boolean;
}

type Outcome = 'signed_in' | 'linked' | 'created';

const emailUnverified = () =>
  conflict(
    'auth.google_email_unverified',
    'Google has not verified this email address, so it cannot be used to sign in here. ' +
      'Verify it with Google, or sign in with your password.',
  );

/**
 * Google sign-in: the account linked to the Google id signs in; otherwise an account with the same
 * email is linked, but only when Google says the email is verified; otherwise a new account is
 * created (email verified, no password).
 */
@Injectable()
export class GoogleSignInService {
  private readonly logger = new Logger(GoogleSignInService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly issuer: SessionIssuer,
    private readonly bus: EventBus,
  ) {}

  async signIn(identity: GoogleIdentity, client: ClientInfo): Promise<IssuedTokens> {
    const google = { ...identity, email: identity.email.trim().toLowerCase() };
    try {
      return await this.attempt(google, client);
    } catch (error) {
      // Two first sign-ins of the same Google account at once: one created (or linked) the user,
      // the other hit the unique google_sub or email. Once more finds the user by its Google id.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        this.logger.debug('concurrent Google sign-in: retrying once');
        return this.attempt(google, client);
      }
      throw error;
    }
  }

  private async attempt(google: GoogleIdentity, client: ClientInfo): Promise<IssuedTokens> {
    const { user, session, outcome } = await this.prisma.$transaction(async (tx) => {
      const { user, outcome } = await this.findLinkOrCreate(tx, google);
      if (user.disabledAt) throw forbidden('auth.account_disabled', 'This account is disabled.');
      const session = await this.issuer.open(tx, user.id, client);
      await this.bus.outbox!.add(tx, 'evt.auth.session.created', {
        userId: user.id,
        sessionId: session.sessionId,
        ip: client.ip,
        userAgent: client.userAgent,
      });
      return { user, session, outcome };
    });
    this.logger.log({ userId: user.id, sessionId: session.sessionId, outcome }, 'Google sign-in');
    return this.issuer.tokensFor(user, session);
  }

  private async findLinkOrCreate(tx: Tx, google: GoogleIdentity) {
    const linked = await tx.user.findUnique({ where: { googleSub: google.sub } });
    if (linked) return { user: linked, outcome: 'signed_in' as Outcome };

    const now = new Date();
    const existing = await tx.user.findUnique({ where: { email: google.email } });
    if (existing) {
      // Linking on an unverified Google email would hand the account to whoever controls the
      // Google account, not the mailbox.
      if (!google.emailVerified) throw emailUnverified();
      if (existing.disabledAt)
        throw forbidden('auth.account_disabled', 'This account is disabled.');
      // A password set on a never-verified address was never proven to belong to its owner (it
      // may be an attacker's pre-registration): Google has now proven ownership, so it goes.
      const wasVerified = existing.emailVerifiedAt !== null;
      const claimed = await tx.user.updateMany({
        where: { id: existing.id, googleSub: null },
        data: {
          googleSub: google.sub,
          emailVerifiedAt: existing.emailVerifiedAt ?? now,
          ...(wasVerified ? {} : { passwordHash: null }),
        },
      });
      if (claimed.count === 0) {
        throw conflict(
          'auth.google_account_conflict',
          'This email address belongs to an account linked to another Google account.',
        );
      }
      if (!wasVerified) {
        await this.bus.outbox!.add(tx, 'evt.auth.email.verified', { userId: existing.id });
      }
      const user = await tx.user.findUniqueOrThrow({ where: { id: existing.id } });
      return { user, outcome: 'linked' as Outcome };
    }

    if (!google.emailVerified) throw emailUnverified();
    const user = await tx.user.create({
      data: { email: google.email, googleSub: google.sub, emailVerifiedAt: now },
    });
    await this.bus.outbox!.add(tx, 'evt.auth.user.registered', {
      userId: user.id,
      email: google.email,
    });
    await this.bus.outbox!.add(tx, 'evt.auth.email.verified', { userId: user.id });
    return { user, outcome: 'created' as Outcome };
  }
}
