import { useCallback, useEffect, useState } from 'react';
import {
  deleteNotification,
  deleteReadNotifications,
  listNotifications,
  markAllRead,
  markRead,
  type AppNotification,
} from '../api/notifications';
import { toApiError, type ApiError } from '../api/problem';
import { liveEvents } from '../live/live-events';
import { pushedNotification } from '../live/live-wire';
import { useLiveEvent, useUnreadCount } from '../live/use-live-events';
import { Notice } from './Notice';
import { NotificationItem } from './NotificationItem';
import { ProblemMessage } from './ProblemMessage';

type Filter = 'all' | 'unread';

/**
 * My notifications, newest first, in cursor pages (load more); new ones arrive live from the
 * event stream. Mark one or all read, delete one or every read one.
 */
export function NotificationFeed() {
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const unread = useUnreadCount();

  const load = useCallback(async (which: Filter) => {
    try {
      const page = await listNotifications({ unread: which === 'unread' });
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, []);

  useEffect(() => {
    setItems(null);
    void load(filter);
  }, [load, filter]);

  useLiveEvent('notification', (n) =>
    setItems((list) =>
      list && !list.some((i) => i.id === n.id) ? [pushedNotification(n), ...list] : list,
    ),
  );
  useLiveEvent('reset', () => void load(filter));

  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const page = await listNotifications({ unread: filter === 'unread', cursor });
      setItems((list) => {
        const seen = new Set(list?.map((i) => i.id));
        return [...(list ?? []), ...page.items.filter((i) => !seen.has(i.id))];
      });
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const readNow = new Date().toISOString();
  const markOne = (n: AppNotification) =>
    act(async () => {
      const reply = await markRead(n.id);
      liveEvents.setUnread(reply.unread);
      setItems((list) =>
        filter === 'unread'
          ? (list?.filter((i) => i.id !== n.id) ?? null)
          : (list?.map((i) => (i.id === n.id ? { ...i, readAt: i.readAt ?? readNow } : i)) ?? null),
      );
      return null;
    });
  const markAll = () =>
    act(async () => {
      const reply = await markAllRead();
      liveEvents.setUnread(reply.unread);
      setItems((list) =>
        filter === 'unread'
          ? []
          : (list?.map((i) => ({ ...i, readAt: i.readAt ?? readNow })) ?? null),
      );
      return reply.marked === 1
        ? 'Marked 1 notification read.'
        : `Marked ${reply.marked} notifications read.`;
    });
  const deleteOne = (n: AppNotification) =>
    act(async () => {
      const reply = await deleteNotification(n.id);
      liveEvents.setUnread(reply.unread);
      setItems((list) => list?.filter((i) => i.id !== n.id) ?? null);
      return 'The notification was deleted.';
    });
  const deleteRead = () =>
    act(async () => {
      const reply = await deleteReadNotifications();
      liveEvents.setUnread(reply.unread);
      await load(filter);
      return reply.deleted === 1
        ? 'Deleted 1 read notification.'
        : `Deleted ${reply.deleted} read notifications.`;
    });

  const anyRead = items?.some((i) => i.readAt) ?? false;
  return (
    <section className="section section--first" aria-labelledby="notifications-heading">
      <div className="section__header">
        <h2 id="notifications-heading">
          {filter === 'unread' ? 'Unread' : 'All notifications'}
          {unread !== null && <span className="count">{unread} unread</span>}
        </h2>
        <div className="segmented" role="group" aria-label="Show">
          {(['all', 'unread'] as const).map((f) => (
            <button
              key={f}
              type="button"
              className={f === filter ? 'segmented__item segmented__item--on' : 'segmented__item'}
              aria-pressed={f === filter}
              onClick={() => setFilter(f)}
            >
              {f === 'all' ? 'All' : 'Unread only'}
            </button>
          ))}
        </div>
      </div>
      <div className="actions actions--tight">
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy || !unread}
          onClick={markAll}
        >
          Mark all read
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy || (!anyRead && filter === 'all')}
          onClick={deleteRead}
        >
          Delete all read
        </button>
      </div>
      <ProblemMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      {items === null ? (
        !error && <p className="muted">Loading notifications…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="notifications-empty">
          {filter === 'unread' ? 'Nothing unread.' : 'No notifications yet.'}
        </p>
      ) : (
        <ul className="notifications">
          {items.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              busy={busy}
              onMarkRead={markOne}
              onDelete={deleteOne}
            />
          ))}
        </ul>
      )}
      {cursor && (
        <div className="actions">
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            onClick={loadMore}
          >
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
