import { Injectable } from '@nestjs/common';
import { preparedStatement, runPrepared } from '@strata/database';
import { PrismaService } from '../database/prisma.service';

/** A profile with its active membership (both absent when the user left that organization). */
export interface ProfileWithActiveOrg {
  userId: string;
  email: string;
  username: string;
  platformAdmin: boolean;
  disabledAt: Date | null;
  createdAt: Date;
  activeOrgId: string | null;
  activeOrgName: string | null;
  role: string | null;
}

interface ProfileRow {
  user_id: string;
  email: string;
  username: string;
  platform_admin: boolean;
  disabled_at: Date | null;
  created_at: Date;
  active_org_id: string | null;
  active_org_name: string | null;
  role: string | null;
}

/** GET /me: the profile and its active organization and role, in one prepared statement. */
const profileWithActiveOrg = preparedStatement<[userId: string], ProfileRow>(
  'accounts_profile_with_active_org',
  `SELECT p.user_id, p.email, p.username, p.platform_admin, p.disabled_at, p.created_at,
          m.org_id AS active_org_id, o.name AS active_org_name, m.role
     FROM profiles p
     LEFT JOIN memberships m ON m.org_id = p.active_org_id AND m.user_id = p.user_id
     LEFT JOIN organizations o ON o.id = m.org_id
    WHERE p.user_id = $1::uuid`,
);

/**
 * The profile feature's hot reads, as named prepared statements on the service's pool (no
 * Prisma query compiler per call; see docs/architecture.md "Database access"). Writes and the
 * rest of the profile feature go through Prisma.
 */
@Injectable()
export class ProfileReadsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async withActiveOrg(userId: string): Promise<ProfileWithActiveOrg | undefined> {
    const [row] = await runPrepared(this.prisma.pool, profileWithActiveOrg, [userId]);
    if (!row) return undefined;
    return {
      userId: row.user_id,
      email: row.email,
      username: row.username,
      platformAdmin: row.platform_admin,
      disabledAt: row.disabled_at,
      createdAt: row.created_at,
      activeOrgId: row.active_org_id,
      activeOrgName: row.active_org_name,
      role: row.role,
    };
  }
}
