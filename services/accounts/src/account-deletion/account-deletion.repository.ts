import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../database/prisma.service';
import { MembershipCounts } from './deletion-plan';

/** The Prisma queries of account deletion. */
@Injectable()
export class AccountDeletionRepository {
  constructor(readonly prisma: PrismaService) {}

  /** The user's memberships with head counts, in one query (both counts use indexes). */
  memberships(db: Tx | PrismaService, userId: string): Promise<MembershipCounts[]> {
    return db.$queryRaw<MembershipCounts[]>`
      SELECT m.org_id AS "orgId", o.name, m.role,
        (SELECT count(*) FROM memberships x WHERE x.org_id = m.org_id)::int AS members,
        (SELECT count(*) FROM memberships x WHERE x.org_id = m.org_id AND x.role = 'owner')::int
          AS owners
      FROM memberships m JOIN organizations o ON o.id = m.org_id
      WHERE m.user_id = ${userId}::uuid
      ORDER BY o.name`;
  }

  /** Locks the profile so a concurrent join or role change waits for the erasure. */
  /** The profile's email, its row locked; undefined when there is no profile. */
  async lockProfile(tx: Tx, userId: string): Promise<{ email: string } | undefined> {
    const rows = await tx.$queryRaw<{ email: string }[]>`
      SELECT email FROM profiles WHERE user_id = ${userId}::uuid FOR UPDATE`;
    return rows[0];
  }

  async eraseOrganizations(tx: Tx, orgIds: string[]): Promise<void> {
    if (orgIds.length) await tx.organization.deleteMany({ where: { id: { in: orgIds } } });
  }

  /** The profile and (by cascade) its remaining memberships. */
  async eraseProfile(tx: Tx, userId: string): Promise<void> {
    await tx.profile.deleteMany({ where: { userId } });
  }
}
