import { Injectable, Logger } from '@nestjs/common';
import { canAssignRole, Principal, Role, roleToProto } from '@strata/authz';
import { forbidden, notFound } from '@strata/errors';
import { EventBus } from '@strata/messaging';
import { PrismaService, Tx } from '../database/prisma.service';
import { asRole } from '../profiles/profiles.service';
import { actingMember, assertAnotherOwnerRemains } from './memberships';

const ownerReserved = () =>
  forbidden(
    'accounts.owner_role_reserved',
    'Only an owner can make someone an owner, or change or remove an owner.',
  );

/** Members of an organization: list, role changes, removal, leaving. */
@Injectable()
export class MembersService {
  private readonly logger = new Logger(MembersService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: EventBus,
  ) {}

  async list(caller: Principal, orgId: string) {
    await actingMember(this.prisma as unknown as Tx, orgId, caller.userId, 'members.read');
    return this.prisma.membership.findMany({
      where: { orgId },
      include: { profile: true },
      orderBy: [{ createdAt: 'asc' }, { userId: 'asc' }],
    });
  }

  async changeRole(caller: Principal, orgId: string, userId: string, role: Role) {
    const updated = await this.prisma.$transaction(async (tx) => {
      const actor = await actingMember(tx, orgId, caller.userId, 'members.role.change');
      const target = await this.target(tx, orgId, userId);
      if (!canAssignRole(actor.role, target.role, role)) throw ownerReserved();
      if (target.role === role) return target.membership;
      if (target.role === 'owner') {
        await assertAnotherOwnerRemains(tx, orgId);
        // Re-read under the lock: the role may have changed while we waited.
        const locked = await this.target(tx, orgId, userId);
        if (locked.role !== 'owner') return locked.membership;
      }
      const membership = await tx.membership.update({
        where: { orgId_userId: { orgId, userId } },
        data: { role },
        include: { profile: true },
      });
      await this.bus.outbox!.add(tx, 'evt.accounts.member.role_changed', {
        orgId,
        userId,
        previousRole: roleToProto(target.role),
        role: roleToProto(role),
        actorUserId: caller.userId,
      });
      this.logger.log({ orgId, userId, from: target.role, to: role }, 'member role changed');
      return membership;
    });
    return updated;
  }

  /** Removes another member (removing oneself is leaving). */
  async remove(caller: Principal, orgId: string, userId: string): Promise<void> {
    if (userId === caller.userId) return this.leave(caller, orgId);
    await this.prisma.$transaction(async (tx) => {
      const actor = await actingMember(tx, orgId, caller.userId, 'members.remove');
      const target = await this.target(tx, orgId, userId);
      if (!canAssignRole(actor.role, target.role, undefined)) throw ownerReserved();
      await this.delete(tx, orgId, userId, target.role, caller.userId);
    });
  }

  async leave(caller: Principal, orgId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const me = await actingMember(tx, orgId, caller.userId);
      await this.delete(tx, orgId, caller.userId, me.role, caller.userId);
    });
  }

  private async delete(tx: Tx, orgId: string, userId: string, role: Role, actorUserId: string) {
    const left = actorUserId === userId;
    if (role === 'owner') await assertAnotherOwnerRemains(tx, orgId);
    const { count } = await tx.membership.deleteMany({ where: { orgId, userId } });
    if (count === 0) throw notFound('accounts.member_not_found', 'No such member.');
    await tx.profile.updateMany({
      where: { userId, activeOrgId: orgId },
      data: { activeOrgId: null },
    });
    await this.bus.outbox!.add(tx, 'evt.accounts.member.removed', {
      orgId,
      userId,
      left,
      actorUserId,
    });
    this.logger.log({ orgId, userId, left }, left ? 'member left' : 'member removed');
  }

  private async target(tx: Tx, orgId: string, userId: string) {
    const membership = await tx.membership.findUnique({
      where: { orgId_userId: { orgId, userId } },
      include: { profile: true },
    });
    if (!membership) throw notFound('accounts.member_not_found', 'No such member.');
    return { membership, role: asRole(membership.role) };
  }
}
