import { Injectable } from '@nestjs/common';
import { lockOrganization, preparedStatement, runPrepared } from '@strata/database';
import { conflict } from '@strata/errors';
import { PrismaService, type Tx } from '../database/prisma.service';

export const orgDeleting = () =>
  conflict(
    'cluster.org_deleting',
    'This organization is being deleted: no cluster can be created in it.',
  );

/** An organization's teardown, if one was asked (every cluster state change reads it). */
const findTeardown = preparedStatement<
  [orgId: string],
  { org_id: string; requested_by: string; requested_at: Date; cleared_at: Date | null }
>(
  'cluster_deleting_org_find',
  `SELECT org_id, requested_by, requested_at, cleared_at
     FROM deleting_organizations WHERE org_id = $1::uuid`,
);

/** The organizations being deleted and what is left of their clusters (Prisma; the hot read prepared). */
@Injectable()
export class DeletingOrganizationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  /** Inside a create's transaction: refuses it if the organization is being deleted. */
  async assertOpen(tx: Tx, orgId: string): Promise<void> {
    await lockOrganization(tx, orgId, 'shared');
    if (await tx.deletingOrganization.findUnique({ where: { orgId } })) throw orgDeleting();
  }

  /** Outside a transaction, for requests the teardown would undo anyway (a retried apply). */
  async refuseIfDeleting(orgId: string): Promise<void> {
    if (await this.find(orgId)) throw orgDeleting();
  }

  /** Marks it deleting; a new request starts the teardown over (requested_at, not cleared). */
  async mark(tx: Tx, orgId: string, requestedBy: string, requestedAt: Date) {
    await lockOrganization(tx, orgId, 'exclusive');
    await tx.deletingOrganization.upsert({
      where: { orgId },
      create: { orgId, requestedBy, requestedAt },
      update: { requestedBy, requestedAt, clearedAt: null },
    });
  }

  /**
   * A prepared statement on the process's pool, not Prisma: the teardown's progress consumer
   * asks it for every cluster state change, of any organization.
   */
  async find(orgId: string): Promise<{
    orgId: string;
    requestedBy: string;
    requestedAt: Date;
    clearedAt: Date | null;
  } | null> {
    const [row] = await runPrepared(this.prisma.pool, findTeardown, [orgId]);
    return row
      ? {
          orgId: row.org_id,
          requestedBy: row.requested_by,
          requestedAt: row.requested_at,
          clearedAt: row.cleared_at,
        }
      : null;
  }

  /** The teardowns not finished (resumed at start). */
  unfinished() {
    return this.prisma.deletingOrganization.findMany({ where: { clearedAt: null } });
  }

  /** The organization's clusters not DELETED, each with its latest run. */
  liveClusters(orgId: string) {
    return this.prisma.cluster.findMany({
      where: { orgId, state: { not: 'DELETED' } },
      include: { runs: { orderBy: { createdAt: 'desc' }, take: 1 } },
    });
  }

  /**
   * Marks the teardown cleared if no cluster is left (checked under the organization's lock, so
   * no create slips in); answers whether it did, exactly once per request.
   */
  async clearIfEmpty(tx: Tx, orgId: string): Promise<{ requestedBy: string } | undefined> {
    await lockOrganization(tx, orgId, 'exclusive');
    const left = await tx.cluster.count({ where: { orgId, state: { not: 'DELETED' } } });
    if (left > 0) return undefined;
    const row = await tx.deletingOrganization.findUnique({ where: { orgId } });
    if (!row || row.clearedAt) return undefined;
    await tx.deletingOrganization.update({ where: { orgId }, data: { clearedAt: new Date() } });
    return { requestedBy: row.requestedBy };
  }
}
