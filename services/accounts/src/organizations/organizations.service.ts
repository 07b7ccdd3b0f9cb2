import { Injectable, Logger } from '@nestjs/common';
import { Principal, roleToProto } from '@strata/authz';
import { EventBus } from '@strata/messaging';
import { PrismaService } from '../database/prisma.service';
import { actingMember } from '../members/memberships';
import { ProfilesService } from '../profiles/profiles.service';

@Injectable()
export class OrganizationsService {
  private readonly logger = new Logger(OrganizationsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly profiles: ProfilesService,
    private readonly bus: EventBus,
  ) {}

  /** A new organization with the caller as its owner. */
  async create(caller: Principal, name: string) {
    await this.profiles.ensureProfile(caller.userId, caller.email);
    const org = await this.prisma.$transaction(async (tx) => {
      const created = await tx.organization.create({
        data: { name: name.trim(), createdBy: caller.userId },
      });
      await tx.membership.create({
        data: { orgId: created.id, userId: caller.userId, role: 'owner' },
      });
      await this.bus.outbox!.add(tx, 'evt.accounts.member.added', {
        orgId: created.id,
        userId: caller.userId,
        role: roleToProto('owner'),
        actorUserId: caller.userId,
      });
      return created;
    });
    this.logger.log({ orgId: org.id, userId: caller.userId }, 'organization created');
    return org;
  }

  async rename(caller: Principal, orgId: string, name: string) {
    return this.prisma.$transaction(async (tx) => {
      const { role } = await actingMember(tx, orgId, caller.userId, 'org.update');
      const org = await tx.organization.update({
        where: { id: orgId },
        data: { name: name.trim() },
      });
      return { org, role };
    });
  }

  /** The caller's organizations with their role in each, and which one is active. */
  async listMine(caller: Principal) {
    const profile = await this.profiles.ensureProfile(caller.userId, caller.email);
    const memberships = await this.prisma.membership.findMany({
      where: { userId: caller.userId },
      include: { organization: true },
      orderBy: [{ organization: { personal: 'desc' } }, { createdAt: 'asc' }],
    });
    return { memberships, activeOrgId: profile.activeOrgId };
  }
}
