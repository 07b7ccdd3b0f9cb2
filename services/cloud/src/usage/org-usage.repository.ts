import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** Which organizations still have cloud accounts or storage connectors. */
@Injectable()
export class OrgUsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  async orgsInUse(orgIds: string[]): Promise<string[]> {
    const where = { orgId: { in: orgIds } };
    const [accounts, connectors] = await Promise.all([
      this.prisma.cloudAccount.findMany({ where, distinct: ['orgId'], select: { orgId: true } }),
      this.prisma.storageConnector.findMany({
        where,
        distinct: ['orgId'],
        select: { orgId: true },
      }),
    ]);
    return [...new Set([...accounts, ...connectors].map((r) => r.orgId))];
  }
}
