import { Injectable } from '@nestjs/common';
import type { ListCursor } from '@strata/database';
import { Prisma } from '../generated/prisma/client';
import { PrismaService, Tx } from '../database/prisma.service';
import type { AuditDraft } from './audit-mapping';

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The audit_entries table: inserts (once per event and organization), keyset pages, pruning, and
 * a deleted user's email taken out.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The organizations a user is a member of now (a sign-in is logged in each). */
  async orgsOf(tx: Tx, userId: string): Promise<string[]> {
    const rows = await tx.membership.findMany({ where: { userId }, select: { orgId: true } });
    return rows.map((r) => r.orgId);
  }

  async usernameOf(tx: Tx, userId: string): Promise<string | undefined> {
    const profile = await tx.profile.findUnique({ where: { userId }, select: { username: true } });
    return profile?.username;
  }

  /** One row per organization; a repeated (event, organization) is skipped by its unique key. */
  async append(
    tx: Tx,
    draft: AuditDraft,
    orgIds: string[],
    source: { eventId: string; subject: string; occurredAt: Date; actorUsername?: string },
  ): Promise<number> {
    if (orgIds.length === 0) return 0;
    const { count } = await tx.auditEntry.createMany({
      data: orgIds.map((orgId) => ({
        orgId,
        occurredAt: source.occurredAt,
        actorUserId: draft.actorUserId ?? null,
        actorUsername: source.actorUsername ?? null,
        action: draft.action,
        resourceType: draft.resource.type,
        resourceId: draft.resource.id,
        resourceName: draft.resource.name ?? null,
        details: draft.details,
        sourceEventId: source.eventId,
        sourceSubject: source.subject,
      })),
      skipDuplicates: true,
    });
    return count;
  }

  /** Newest first; `limit + 1` rows so the caller knows whether another page follows. */
  page(orgId: string, filter: AuditFilter, cursor: ListCursor | undefined, limit: number) {
    const where: Prisma.AuditEntryWhereInput = {
      orgId,
      ...(filter.actorUserId && { actorUserId: filter.actorUserId }),
      ...(filter.action && { action: filter.action }),
      ...(filter.resourceType && { resourceType: filter.resourceType }),
      ...(filter.resourceId && { resourceId: filter.resourceId }),
      ...((filter.from || filter.to) && {
        occurredAt: {
          ...(filter.from && { gte: filter.from }),
          ...(filter.to && { lt: filter.to }),
        },
      }),
      ...(cursor && {
        OR: [
          { occurredAt: { lt: cursor.createdAt } },
          { occurredAt: cursor.createdAt, id: { lt: cursor.id } },
        ],
      }),
    };
    return this.prisma.auditEntry.findMany({
      where,
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }

  /**
   * Takes a deleted user's email out of every organization's entries (through audit_forget_user,
   * the trigger's one UPDATE): the invitations they accepted, and with `email` any entry naming
   * it. The entries and the user id stay.
   */
  async forgetUser(tx: Tx, userId: string, email?: string): Promise<number> {
    const rows = await tx.$queryRaw<{ changed: number }[]>`
      SELECT audit_forget_user(${userId}::uuid, ${email ?? null}::text) AS changed`;
    return Number(rows[0]?.changed ?? 0);
  }

  /** Deletes the entries older than `days` through audit_prune, the trigger's one exception. */
  async prune(days: number): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ removed: number }[]>`
      SELECT audit_prune(${days}::int) AS removed`;
    return Number(rows[0]?.removed ?? 0);
  }
}
