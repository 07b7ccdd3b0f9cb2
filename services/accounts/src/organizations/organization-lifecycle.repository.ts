import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../database/prisma.service';

/** The queries of an organization's read and deletion (nothing else here talks to Prisma). */
@Injectable()
export class OrganizationLifecycleRepository {
  constructor(readonly prisma: PrismaService) {}

  /** The caller's membership with its organization and member count, if they are a member. */
  async membershipWithCount(orgId: string, userId: string) {
    const [membership, members] = await this.prisma.$transaction([
      this.prisma.membership.findUnique({
        where: { orgId_userId: { orgId, userId } },
        include: { organization: true },
      }),
      this.prisma.membership.count({ where: { orgId } }),
    ]);
    return membership ? { membership, members } : undefined;
  }

  organization(tx: Tx, orgId: string) {
    return tx.organization.findUniqueOrThrow({ where: { id: orgId } });
  }

  markDeleting(tx: Tx, orgId: string, userId: string) {
    return tx.organization.update({
      where: { id: orgId },
      data: { state: 'DELETING', deletionRequestedAt: new Date(), deletionRequestedBy: userId },
    });
  }

  /**
   * Deletes a DELETING organization with its memberships and invitations (cascade) and clears
   * it as anyone's active organization; answers who were members, or undefined if it is not
   * there (or not DELETING) any more.
   */
  async deleteIfDeleting(tx: Tx, orgId: string) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM organizations WHERE id = ${orgId}::uuid AND state = 'DELETING' FOR UPDATE`;
    if (rows.length === 0) return undefined;
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId } });
    const members = await tx.membership.findMany({ where: { orgId }, select: { userId: true } });
    await tx.profile.updateMany({ where: { activeOrgId: orgId }, data: { activeOrgId: null } });
    await tx.organization.delete({ where: { id: orgId } });
    return { org, memberUserIds: members.map((m) => m.userId) };
  }
}
