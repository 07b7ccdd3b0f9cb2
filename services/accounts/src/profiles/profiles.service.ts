import { Inject, Injectable, Logger } from '@nestjs/common';
import { conflict, forbidden, notFound, unprocessable } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { roleToProto } from '@strata/authz';
import { Prisma } from '../generated/prisma/client';
import type { Profile } from '../generated/prisma/client';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';
import { PrismaService, Tx } from '../database/prisma.service';
import { ProfileReadsRepository } from './profile-reads.repository';
import { ResolvedClaims, settledClaims } from './settled-claims';
import { asRole } from './stored-role';
import {
  normalizeUsername,
  usernameBaseFromEmail,
  usernameCandidate,
  usernameMessage,
  usernameProblem,
  UsernameProblem,
} from '../usernames/username-rules';

const MAX_GENERATION_ATTEMPTS = 30;

export type { ResolvedClaims };

/**
 * Profiles: made once per user (at registration, or at the first claims request if that comes
 * first — the same code path, so whichever runs second creates nothing), usernames, the active
 * organization, and what auth puts into access tokens.
 */
@Injectable()
export class ProfilesService {
  private readonly logger = new Logger(ProfilesService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
    private readonly reads: ProfileReadsRepository,
  ) {}

  /** The user's profile, created with a personal organization if it does not exist yet. */
  ensureProfile(userId: string, email: string): Promise<Profile> {
    return this.prisma.$transaction((tx) => this.ensureProfileIn(tx, userId, email));
  }

  /**
   * Idempotent by the profile's primary key: the insert is `ON CONFLICT DO NOTHING`, so of two
   * racing callers one inserts (and creates the personal organization in the same transaction)
   * and the other waits for it, inserts nothing and reads the winner's row.
   */
  async ensureProfileIn(tx: Tx, userId: string, rawEmail: string): Promise<Profile> {
    const existing = await tx.profile.findUnique({ where: { userId } });
    if (existing) return existing;
    const email = rawEmail.trim().toLowerCase();
    const base = usernameBaseFromEmail(email);
    for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
      const username = usernameCandidate(base, attempt);
      if (usernameProblem(username)) continue;
      const inserted = await tx.$queryRaw<{ user_id: string }[]>`
        INSERT INTO profiles (user_id, email, username)
        VALUES (${userId}::uuid, ${email}, ${username})
        ON CONFLICT DO NOTHING
        RETURNING user_id`;
      if (inserted.length === 1) return this.setUpNewProfile(tx, userId, username);
      // Nothing inserted: either this user's profile now exists (a racing call made it), or the
      // username is taken and the next candidate is tried.
      const raced = await tx.profile.findUnique({ where: { userId } });
      if (raced) return raced;
    }
    throw new Error(`no free username for user ${userId} after ${MAX_GENERATION_ATTEMPTS} tries`);
  }

  /** A new profile's personal organization, and whether it is the platform's first user. */
  private async setUpNewProfile(tx: Tx, userId: string, username: string): Promise<Profile> {
    // The singleton row decides "first" race-free: a concurrent insert waits on its key and then
    // conflicts (or takes it, if the first transaction rolled back). Never in production, where
    // the first admin comes from ADMIN_EMAILS or the one-time setup token (SetupTokenIssuer).
    const first =
      this.config.NODE_ENV === 'production'
        ? []
        : await tx.$queryRaw<{ id: number }[]>`
            INSERT INTO platform_admin_claim (id, user_id) VALUES (1, ${userId}::uuid)
            ON CONFLICT DO NOTHING RETURNING id`;
    const org = await tx.organization.create({
      data: { name: username, personal: true, createdBy: userId },
    });
    await tx.membership.create({ data: { orgId: org.id, userId, role: 'owner' } });
    await this.bus.outbox!.add(tx, 'evt.accounts.member.added', {
      orgId: org.id,
      userId,
      role: roleToProto('owner'),
      actorUserId: userId,
    });
    const profile = await tx.profile.update({
      where: { userId },
      data: { activeOrgId: org.id, platformAdmin: first.length === 1 },
    });
    this.logger.log(
      { userId, orgId: org.id, platformAdmin: profile.platformAdmin },
      'profile and personal organization created',
    );
    return profile;
  }

  /**
   * What auth signs into an access token. With `orgId` that organization (which must be one of
   * the user's) becomes the active one; otherwise the stored active one is used, falling back to
   * another membership if the user has left it.
   */
  async claims(userId: string, email: string, orgId?: string): Promise<ResolvedClaims> {
    // Nearly every login and refresh: one prepared read settles the claims (issue 15, the CPU a
    // login costs besides its hash); anything to change goes the locked way below.
    const settled = settledClaims(
      await this.reads.withActiveOrg(userId),
      email.trim().toLowerCase(),
      orgId,
      (firstUser, normalized) => this.isPlatformAdmin(firstUser, normalized),
    );
    if (settled) return settled;
    const profile = await this.ensureProfile(userId, email);
    if (profile.disabledAt) throw forbidden('accounts.user_disabled', 'This account is disabled.');
    return this.prisma.$transaction(async (tx) => {
      // Serializes claims of one user, so the fallback below cannot run twice at once.
      await tx.$queryRaw`SELECT user_id FROM profiles WHERE user_id = ${userId}::uuid FOR UPDATE`;
      let membership = orgId
        ? await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } } })
        : profile.activeOrgId
          ? await tx.membership.findUnique({
              where: { orgId_userId: { orgId: profile.activeOrgId, userId } },
            })
          : null;
      if (orgId && !membership) {
        throw notFound('accounts.org_not_found', 'No such organization of yours.');
      }
      if (!membership) {
        membership =
          (await tx.membership.findFirst({
            where: { userId },
            orderBy: [{ organization: { personal: 'desc' } }, { createdAt: 'asc' }],
          })) ?? (await this.newPersonalOrganization(tx, userId, profile.username));
      }
      const normalizedEmail = email.trim().toLowerCase();
      if (profile.activeOrgId !== membership.orgId || profile.email !== normalizedEmail) {
        await tx.profile.update({
          where: { userId },
          data: { activeOrgId: membership.orgId, email: normalizedEmail },
        });
      }
      return {
        username: profile.username,
        orgId: membership.orgId,
        role: asRole(membership.role),
        platformAdmin: this.isPlatformAdmin(profile.platformAdmin, normalizedEmail),
      };
    });
  }

  /** A user who left every organization gets a new personal one: a token always names one. */
  private async newPersonalOrganization(tx: Tx, userId: string, username: string) {
    const org = await tx.organization.create({
      data: { name: username, personal: true, createdBy: userId },
    });
    const membership = await tx.membership.create({
      data: { orgId: org.id, userId, role: 'owner' },
    });
    await this.bus.outbox!.add(tx, 'evt.accounts.member.added', {
      orgId: org.id,
      userId,
      role: roleToProto('owner'),
      actorUserId: userId,
    });
    return membership;
  }

  isPlatformAdmin(firstUser: boolean, email: string): boolean {
    return firstUser || this.config.ADMIN_EMAILS.includes(email.toLowerCase());
  }

  async disable(userId: string, tx: Tx): Promise<void> {
    const { count } = await tx.profile.updateMany({
      where: { userId, disabledAt: null },
      data: { disabledAt: new Date() },
    });
    this.logger.log({ userId, changed: count === 1 }, 'profile disabled');
  }

  /**
   * GET /me: one prepared statement for a user whose profile exists (everyone after sign-up);
   * the profile is made first when it does not exist yet.
   */
  async get(userId: string, email: string) {
    let found = await this.reads.withActiveOrg(userId);
    if (!found) {
      await this.ensureProfile(userId, email);
      found = await this.reads.withActiveOrg(userId);
      if (!found) throw new Error(`profile ${userId} missing right after it was ensured`);
    }
    if (found.disabledAt) throw forbidden('accounts.user_disabled', 'This account is disabled.');
    return {
      profile: found,
      activeOrg:
        found.activeOrgId && found.activeOrgName !== null
          ? { id: found.activeOrgId, name: found.activeOrgName }
          : undefined,
      role: found.role ? asRole(found.role) : undefined,
      platformAdmin: this.isPlatformAdmin(found.platformAdmin, found.email),
    };
  }

  /** Whether a name could be taken now (the answer can be stale by the time it is claimed). */
  async availability(
    raw: string,
  ): Promise<{ available: boolean; reason?: UsernameProblem | 'taken' }> {
    const name = normalizeUsername(raw);
    const problem = usernameProblem(name);
    if (problem) return { available: false, reason: problem };
    const taken = await this.prisma.profile.findUnique({ where: { username: name } });
    return taken ? { available: false, reason: 'taken' } : { available: true };
  }

  /** Claims a username; the unique index decides between two concurrent claims. */
  async changeUsername(userId: string, email: string, raw: string): Promise<string> {
    const name = normalizeUsername(raw);
    const problem = usernameProblem(name);
    if (problem) {
      throw unprocessable('accounts.username_invalid', usernameMessage(problem), [
        { field: 'username', message: usernameMessage(problem) },
      ]);
    }
    const profile = await this.ensureProfile(userId, email);
    if (profile.username === name) return name;
    try {
      await this.prisma.$transaction(async (tx) => {
        await tx.profile.update({ where: { userId }, data: { username: name } });
        await this.bus.outbox!.add(tx, 'evt.accounts.username.changed', { userId, username: name });
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw conflict(
          'accounts.username_taken',
          `The username "${name}" is taken; choose another one.`,
        );
      }
      throw error;
    }
    this.logger.log({ userId }, 'username changed');
    return name;
  }
}

export { asRole };
