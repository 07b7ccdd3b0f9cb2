import { Injectable } from '@nestjs/common';
import type { ListCursor } from '@strata/database';
import { Prisma } from '../generated/prisma/client';
import { PrismaService, Tx } from '../database/prisma.service';
import type { Channels } from './notification-kinds';

/** The caller's notifications and preferences (Prisma only here, for this feature). */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The database outside a transaction, for UserStreams' reads. */
  get db(): Tx {
    return this.prisma;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  /** Newest first (ties by id), after the cursor if one is given, at most `take`. */
  page(userId: string, unreadOnly: boolean, cursor: ListCursor | undefined, take: number) {
    const where: Prisma.NotificationWhereInput = { userId };
    if (unreadOnly) where.readAt = null;
    if (cursor)
      where.OR = [
        { createdAt: { lt: cursor.createdAt } },
        { createdAt: cursor.createdAt, id: { lt: cursor.id } },
      ];
    return this.prisma.notification.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  /** How many of `ids` are the user's. */
  countOwn(tx: Tx, userId: string, ids: string[]): Promise<number> {
    return tx.notification.count({ where: { userId, id: { in: ids } } });
  }

  /** Marks the user's unread notifications read (those of `ids`, or all): how many changed. */
  async markRead(tx: Tx, userId: string, ids: string[] | 'all'): Promise<number> {
    const { count } = await tx.notification.updateMany({
      where: { userId, readAt: null, ...(ids === 'all' ? {} : { id: { in: ids } }) },
      data: { readAt: new Date() },
    });
    return count;
  }

  /** Deletes the user's read notifications: how many. */
  async deleteRead(tx: Tx, userId: string): Promise<number> {
    const { count } = await tx.notification.deleteMany({
      where: { userId, readAt: { not: null } },
    });
    return count;
  }

  /** Deletes one of the user's notifications: 1, or 0 when it is not theirs or not there. */
  async deleteOne(tx: Tx, userId: string, id: string): Promise<number> {
    const { count } = await tx.notification.deleteMany({ where: { userId, id } });
    return count;
  }

  /** The preferences the user has set (kinds not set are absent). */
  async preferences(userId: string): Promise<Map<string, Channels>> {
    const rows = await this.prisma.notificationPreference.findMany({ where: { userId } });
    return new Map(rows.map((r) => [r.kind, { inApp: r.inApp, email: r.email }]));
  }

  /** Sets each kind's channels, in one transaction. */
  async savePreferences(userId: string, items: Array<Channels & { kind: string }>): Promise<void> {
    await this.prisma.$transaction(
      items.map((item) =>
        this.prisma.notificationPreference.upsert({
          where: { userId_kind: { userId, kind: item.kind } },
          create: { userId, kind: item.kind, inApp: item.inApp, email: item.email },
          update: { inApp: item.inApp, email: item.email },
        }),
      ),
    );
  }
}
