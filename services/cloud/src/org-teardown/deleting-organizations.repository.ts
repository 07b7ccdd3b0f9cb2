import { Injectable } from '@nestjs/common';
import { conflict } from '@strata/errors';
import { lockOrganization } from '@strata/database';
import { Tx } from '../database/prisma.service';

export const orgDeleting = () =>
  conflict(
    'cloud.org_deleting',
    'This organization is being deleted: no cloud account or connector can be added to it.',
  );

/** The organizations being deleted, and everything of theirs the teardown deletes. */
@Injectable()
export class DeletingOrganizationsRepository {
  /** Inside a create's transaction: refuses it if the organization is being deleted. */
  async assertOpen(tx: Tx, orgId: string): Promise<void> {
    await lockOrganization(tx, orgId, 'shared');
    const deleting = await tx.deletingOrganization.findUnique({ where: { orgId } });
    if (deleting) throw orgDeleting();
  }

  /** Marks it deleting (again: a repeated request keeps the first row and its requester). */
  async mark(tx: Tx, orgId: string, requestedBy: string) {
    await lockOrganization(tx, orgId, 'exclusive');
    return tx.deletingOrganization.upsert({
      where: { orgId },
      create: { orgId, requestedBy },
      update: {},
    });
  }

  /** Deletes the organization's connectors and accounts; answers what was deleted. */
  async deleteAll(tx: Tx, orgId: string) {
    const connectors = await tx.storageConnector.findMany({
      where: { orgId },
      select: { id: true, name: true },
    });
    const accounts = await tx.cloudAccount.findMany({
      where: { orgId },
      select: { id: true, name: true },
    });
    await tx.storageConnector.deleteMany({ where: { orgId } });
    await tx.cloudAccount.deleteMany({ where: { orgId } });
    await tx.deletingOrganization.update({ where: { orgId }, data: { clearedAt: new Date() } });
    return { connectors, accounts };
  }
}
