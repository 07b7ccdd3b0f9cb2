import { conflict, forbidden, notFound } from '@strata/errors';
import { can, Permission, Role } from '@strata/authz';
import { Tx } from '../database/prisma.service';
import { asRole } from '../profiles/profiles.service';

/**
 * The caller's membership as the database has it now. The guard already checked the token's
 * role; this re-checks against the current role (a token can be up to one lifetime old).
 */
export async function actingMember(
  tx: Tx,
  orgId: string,
  userId: string,
  permission?: Permission,
): Promise<{ role: Role }> {
  const membership = await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!membership) throw notFound('accounts.org_not_found', 'No such organization of yours.');
  const role = asRole(membership.role);
  if (permission && !can(role, permission)) {
    throw forbidden('platform.forbidden', `Your role (${role}) does not allow this.`);
  }
  return { role };
}

/**
 * An organization keeps at least one owner. Locks the organization's owner rows
 * (`SELECT … FOR UPDATE`) so that two transactions taking an owner away cannot both see two
 * owners: the second waits, then re-reads the rows and sees one.
 */
export async function assertAnotherOwnerRemains(tx: Tx, orgId: string): Promise<void> {
  const owners = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id FROM memberships
    WHERE org_id = ${orgId}::uuid AND role = 'owner'
    FOR UPDATE`;
  if (owners.length <= 1) {
    throw conflict(
      'accounts.last_owner',
      'An organization needs at least one owner: make someone else an owner first.',
    );
  }
}
