import { Injectable } from '@nestjs/common';
import { pushRecord, type UserPush } from '@strata/proto';
import { Prisma } from '../generated/prisma/client';
import { Tx } from '../database/prisma.service';

/** What one push carries (proto/strata/notify/v1/pushes.proto): its case is the SSE event name. */
export type PushPayload = UserPush['payload'];

/**
 * Each user's ordered stream of pushes. Every transaction that changes what a user should see
 * first locks the user's `user_streams` row (`lock`), so writers of one user run one at a time:
 * the unread count computed under the lock is exact, and `append` hands out seqs without gaps
 * in commit order. Pushes go into `push_log` (the replay log) in the same transaction and are
 * published on core NATS after commit by the PushRelay.
 */
@Injectable()
export class UserStreams {
  async lock(tx: Tx, userId: string): Promise<void> {
    await tx.$executeRaw`INSERT INTO user_streams (user_id) VALUES (${userId}::uuid) ON CONFLICT DO NOTHING`;
    await tx.$queryRaw`SELECT last_seq FROM user_streams WHERE user_id = ${userId}::uuid FOR UPDATE`;
  }

  /**
   * Whether the user was deleted; needs `lock` first. A deleted user's stream row (just made by
   * `lock`) is removed again, so nothing of them stays.
   */
  async erased(tx: Tx, userId: string): Promise<boolean> {
    const tombstone = await tx.deletedUser.findUnique({ where: { userId } });
    if (tombstone) await tx.userStream.deleteMany({ where: { userId } });
    return tombstone !== null;
  }

  /**
   * Needs `lock` first in the same transaction. Stores the payload's case as `type` and its
   * proto3 JSON as `data` (validated: a payload that breaks its contract throws).
   */
  async append(tx: Tx, userId: string, payload: PushPayload): Promise<number> {
    const { type, data } = pushRecord(payload);
    const [row] = await tx.$queryRaw<Array<{ last_seq: number }>>`
      UPDATE user_streams SET last_seq = last_seq + 1 WHERE user_id = ${userId}::uuid RETURNING last_seq`;
    await tx.pushLog.create({
      data: { userId, seq: row.last_seq, type, data: data as Prisma.InputJsonObject },
    });
    return row.last_seq;
  }

  /** Exact while the user's row is locked. */
  async unread(tx: Tx, userId: string): Promise<number> {
    return tx.notification.count({ where: { userId, readAt: null } });
  }

  /** Where the user's stream is and their unread count, in one statement (a stream's start). */
  async position(db: Tx, userId: string): Promise<{ lastSeq: number; unread: number }> {
    const [position] = await db.$queryRaw<Array<{ lastSeq: number; unread: number }>>`
      SELECT COALESCE((SELECT last_seq FROM user_streams WHERE user_id = ${userId}::uuid), 0)
          AS "lastSeq",
        (SELECT count(*)::int FROM notifications WHERE user_id = ${userId}::uuid AND read_at IS NULL)
          AS unread`;
    return position;
  }

  /** The logged pushes after `afterSeq` up to `upTo`, oldest first, at most `take`. */
  replay(db: Tx, userId: string, afterSeq: number, upTo: number, take: number) {
    return db.pushLog.findMany({
      where: { userId, seq: { gt: afterSeq, lte: upTo } },
      orderBy: { seq: 'asc' },
      take,
    });
  }
}
