import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** Which organizations still have clusters (anything not DELETED may hold cloud resources). */
@Injectable()
export class OrgUsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  async orgsInUse(orgIds: string[]): Promise<string[]> {
    const rows = await this.prisma.cluster.findMany({
      where: { orgId: { in: orgIds }, state: { not: 'DELETED' } },
      distinct: ['orgId'],
      select: { orgId: true },
    });
    return rows.map((r) => r.orgId);
  }
}
