import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@strata/errors';
import { UnreadPushSchema } from '@strata/proto';
import type { Tx } from '../database/prisma.service';
import { PushRelay } from '../pushes/push-relay';
import { UserStreams } from '../pushes/user-streams';
import { decodeCursor, encodeCursor } from './list-cursor';
import { allPreferences, Channels, isNotificationKind } from './notification-kinds';
import { NotificationsRepository } from './notifications.repository';

const REPLAY_LIMIT = 500;

const notificationNotFound = () =>
  notFound('notify.notification_not_found', 'No such notification.');

/** The caller's notifications, unread count, preferences and push replay. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly streams: UserStreams,
    private readonly relay: PushRelay,
  ) {}

  async list(userId: string, unreadOnly: boolean, limit: number, cursorText: string) {
    const cursor = cursorText ? decodeCursor(cursorText) : undefined;
    if (cursorText && !cursor)
      throw badRequest('notify.invalid_cursor', 'The cursor is not valid.');
    const rows = await this.repository.page(userId, unreadOnly, cursor, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : '' };
  }

  unread(userId: string): Promise<number> {
    return this.streams.unread(this.repository.db, userId);
  }

  async markRead(userId: string, ids: string[], all: boolean) {
    if (!all && ids.length === 0)
      throw badRequest('notify.nothing_selected', 'Give notification ids, or all.');
    return this.change(userId, async (tx) => {
      // Ids that are not the caller's are not found, as for delete: nothing tells them apart
      // from ids that do not exist, and nothing is marked.
      if (!all && (await this.repository.countOwn(tx, userId, ids)) !== ids.length)
        throw notificationNotFound();
      return this.repository.markRead(tx, userId, all ? 'all' : ids);
    }).then(({ changed, unread }) => ({ marked: changed, unread }));
  }

  async delete(userId: string, id: string, allRead: boolean) {
    if (!allRead && !id) throw badRequest('notify.nothing_selected', 'Give an id, or all_read.');
    return this.change(userId, async (tx) => {
      if (allRead) return this.repository.deleteRead(tx, userId);
      const count = await this.repository.deleteOne(tx, userId, id);
      if (count === 0) throw notificationNotFound();
      return count;
    }).then(({ changed, unread }) => ({ deleted: changed, unread }));
  }

  async preferences(userId: string) {
    return allPreferences(await this.repository.preferences(userId));
  }

  async updatePreferences(userId: string, items: Array<Channels & { kind: string }>) {
    const unknown = items.filter((item) => !isNotificationKind(item.kind));
    if (unknown.length)
      throw badRequest(
        'notify.unknown_kind',
        `Unknown notification kind: ${unknown.map((u) => u.kind).join(', ')}.`,
      );
    await this.repository.savePreferences(userId, items);
    return this.preferences(userId);
  }

  /**
   * Pushes after `afterSeq` from the replay log (or only where the stream is now). No
   * transaction (many streams open at once): `lastSeq` and the unread count are read in one
   * statement (one snapshot: the count is the one at `lastSeq`), the log only up to `lastSeq`,
   * so a push committed between the two reads is neither returned past `lastSeq` nor taken for
   * a pruned log (no rows while `lastSeq` is already past `afterSeq`: a false `reset`).
   */
  async since(userId: string, afterSeq: number, fromNow: boolean, limit: number) {
    const take = Math.min(limit || REPLAY_LIMIT, REPLAY_LIMIT);
    const { lastSeq, unread } = await this.streams.position(this.repository.db, userId);
    if (fromNow || afterSeq >= lastSeq)
      return { pushes: [], lastSeq, unread, truncated: false, more: false };
    const rows = await this.streams.replay(this.repository.db, userId, afterSeq, lastSeq, take);
    // The log was pruned past what the client has: it must start over.
    const truncated = rows.length === 0 || rows[0].seq !== afterSeq + 1;
    return {
      pushes: truncated ? [] : rows,
      lastSeq,
      unread,
      truncated,
      more: !truncated && rows.length === take && rows[rows.length - 1].seq < lastSeq,
    };
  }

  /**
   * One change to the caller's notifications under the user's stream lock: the unread count is
   * computed in the same transaction, after the change, and pushed when it moved.
   */
  private async change(userId: string, apply: (tx: Tx) => Promise<number>) {
    const result = await this.repository.transaction(async (tx) => {
      await this.streams.lock(tx, userId);
      const before = await this.streams.unread(tx, userId);
      const changed = await apply(tx);
      const unread = await this.streams.unread(tx, userId);
      if (unread !== before)
        await this.streams.append(tx, userId, {
          case: 'unread',
          value: create(UnreadPushSchema, { unread }),
        });
      return { changed, unread };
    });
    await this.relay.kick();
    return result;
  }
}
