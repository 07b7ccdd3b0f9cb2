import { Inject, Injectable, Logger } from '@nestjs/common';
import { canAssignRole, Principal, Role, roleToProto } from '@strata/authz';
import { hashOpaqueToken, newOpaqueToken } from '@strata/authn';
import { decodeCursor, encodeCursor } from '@strata/database';
import { badRequest, conflict, DomainError, forbidden, notFound } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { ACCOUNTS_CONFIG, AccountsConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import { actingMember } from '../members/memberships';
import { asRole, ProfilesService } from '../profiles/profiles.service';
import { orgDeleting } from '../organizations/organization-deletion';
import { invitationState, notPending, pendingWhere } from './invitation-state';

/** An unknown or revoked token: one answer for both, so a revoked link tells nothing more. */
const invalidLink = () =>
  notFound('accounts.invitation_not_found', 'This invitation link is not valid.');

/**
 * Invitations by email: a single-use, expiring token that only the email carries (stored as its
 * SHA-256). Accepting needs the invited address: the caller's verified email must match it.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly profiles: ProfilesService,
    private readonly bus: EventBus,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
  ) {}

  async create(caller: Principal, orgId: string, rawEmail: string, role: Role) {
    const email = rawEmail.trim().toLowerCase();
    const invitation = await this.prisma.$transaction(async (tx) => {
      const actor = await actingMember(tx, orgId, caller.userId, 'members.invite');
      if (!canAssignRole(actor.role, undefined, role)) {
        throw forbidden('accounts.owner_role_reserved', 'Only an owner can invite an owner.');
      }
      const alreadyMember = await tx.membership.findFirst({
        where: { orgId, profile: { email } },
      });
      if (alreadyMember) {
        throw conflict('accounts.already_member', `${email} is already a member.`);
      }
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId } });
      if (org.state !== 'ACTIVE') throw orgDeleting();
      const inviter = await tx.profile.findUniqueOrThrow({ where: { userId: caller.userId } });
      const { token, hash } = newOpaqueToken();
      const ttlHours = this.config.ACCOUNTS_INVITATION_TTL_HOURS;
      const created = await tx.invitation.create({
        data: {
          orgId,
          email,
          role,
          tokenHash: hash,
          invitedBy: caller.userId,
          expiresAt: new Date(Date.now() + ttlHours * 3_600_000),
        },
      });
      const url = new URL('/invitations/accept', this.config.PUBLIC_URL);
      url.searchParams.set('token', token);
      await this.bus.outbox!.add(tx, 'evt.accounts.invitation.created', {
        invitationId: created.id,
        orgId,
        orgName: org.name,
        email,
        inviter: inviter.username,
        role: roleToProto(role),
        acceptUrl: url.toString(),
        expiresInHours: ttlHours,
        invitedBy: caller.userId,
      });
      return created;
    });
    this.logger.log({ orgId, invitationId: invitation.id }, 'invitation created');
    return invitation;
  }

  async accept(caller: Principal, token: string) {
    const found = await this.prisma.invitation.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
      include: { organization: true },
    });
    if (!found || found.revokedAt) throw invalidLink();
    const used = () =>
      new DomainError(410, 'accounts.invitation_used', 'This invitation has already been used.');
    if (found.acceptedAt) throw used();
    if (found.organization.state !== 'ACTIVE') throw orgDeleting();
    if (found.expiresAt <= new Date()) {
      throw new DomainError(
        410,
        'accounts.invitation_expired',
        'This invitation has expired: ask for a new one.',
      );
    }
    if (found.email !== caller.email.trim().toLowerCase()) {
      throw forbidden(
        'accounts.invitation_email_mismatch',
        'This invitation was sent to another email address: sign in with that one.',
      );
    }
    await this.profiles.ensureProfile(caller.userId, caller.email);
    const role = await this.prisma.$transaction(async (tx) => {
      // Compare-and-set: of two concurrent accepts (or an accept and a revoke), one wins.
      const claimed = await tx.invitation.updateMany({
        where: { id: found.id, acceptedAt: null, revokedAt: null },
        data: { acceptedAt: new Date(), acceptedBy: caller.userId },
      });
      if (claimed.count === 0) {
        const now = await tx.invitation.findUniqueOrThrow({ where: { id: found.id } });
        throw now.revokedAt ? invalidLink() : used();
      }
      const existing = await tx.membership.findUnique({
        where: { orgId_userId: { orgId: found.orgId, userId: caller.userId } },
      });
      const role = existing ? asRole(existing.role) : asRole(found.role);
      await this.bus.outbox!.add(tx, 'evt.accounts.invitation.accepted', {
        invitationId: found.id,
        orgId: found.orgId,
        userId: caller.userId,
        role: roleToProto(role),
        email: found.email,
      });
      if (existing) return role;
      await tx.membership.create({ data: { orgId: found.orgId, userId: caller.userId, role } });
      await this.bus.outbox!.add(tx, 'evt.accounts.member.added', {
        orgId: found.orgId,
        userId: caller.userId,
        role: roleToProto(role),
        actorUserId: caller.userId,
      });
      return role;
    });
    this.logger.log(
      { orgId: found.orgId, userId: caller.userId, invitationId: found.id },
      'invitation accepted',
    );
    return { org: found.organization, role };
  }

  /** The organization's pending invitations, newest first, a keyset page at a time. */
  async listPending(caller: Principal, orgId: string, limit: number, cursorText: string) {
    const cursor = cursorText ? decodeCursor(cursorText) : undefined;
    if (cursorText && !cursor) {
      throw badRequest('accounts.invalid_cursor', 'The cursor is not one this API gave.');
    }
    return this.prisma.$transaction(async (tx) => {
      await actingMember(tx, orgId, caller.userId, 'invitations.read');
      const rows = await tx.invitation.findMany({
        where: {
          orgId,
          ...pendingWhere(new Date()),
          ...(cursor && {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      // One query for the inviters' usernames of the whole page.
      const inviters = await tx.profile.findMany({
        where: { userId: { in: [...new Set(page.map((i) => i.invitedBy))] } },
        select: { userId: true, username: true },
      });
      const usernames = new Map(inviters.map((p) => [p.userId, p.username]));
      const last = page[page.length - 1];
      return {
        items: page.map((i) => ({ ...i, invitedByUsername: usernames.get(i.invitedBy) ?? '' })),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : '',
      };
    });
  }

  /**
   * Revokes a pending invitation of the organization: its token then answers like an unknown one.
   * Another organization's invitation is unknown here; an accepted, revoked or expired one is 409.
   */
  async revoke(caller: Principal, orgId: string, invitationId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await actingMember(tx, orgId, caller.userId, 'invitations.revoke');
      const now = new Date();
      // Compare-and-set against a concurrent accept or revoke.
      const revoked = await tx.invitation.updateMany({
        where: { id: invitationId, orgId, ...pendingWhere(now) },
        data: { revokedAt: now, revokedBy: caller.userId },
      });
      const invitation = await tx.invitation.findFirst({ where: { id: invitationId, orgId } });
      if (!invitation) {
        throw notFound('accounts.invitation_not_found', 'No such invitation in this organization.');
      }
      if (revoked.count === 0) {
        const state = invitationState(invitation, now);
        throw notPending(state === 'pending' ? 'revoked' : state);
      }
      await this.bus.outbox!.add(tx, 'evt.accounts.invitation.revoked', {
        invitationId,
        orgId,
        email: invitation.email,
        revokedBy: caller.userId,
      });
    });
    this.logger.log({ orgId, invitationId }, 'invitation revoked');
  }
}
