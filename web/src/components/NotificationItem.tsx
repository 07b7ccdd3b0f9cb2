import type { AppNotification } from '../api/notifications';
import { Link } from './Link';
import { relativeTime } from './relative-time';

interface Props {
  notification: AppNotification;
  busy: boolean;
  onMarkRead: (n: AppNotification) => void;
  onDelete: (n: AppNotification) => void;
}

/** The cluster a notification is about (`data.clusterId`), when it names one. */
function clusterOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('clusterId' in data)) return undefined;
  return typeof data.clusterId === 'string' ? data.clusterId : undefined;
}

/** One notification: unread marked, a link to its cluster, mark read and delete. */
export function NotificationItem({ notification: n, busy, onMarkRead, onDelete }: Props) {
  const clusterId = clusterOf(n.data);
  return (
    <li
      className="notification"
      data-testid="notification"
      data-kind={n.kind}
      data-unread={n.readAt ? undefined : true}
    >
      <div className="notification__main">
        <span className="notification__title">
          {n.title}
          {!n.readAt && <span className="badge">Unread</span>}
        </span>
        <span className="notification__body">{n.body}</span>
        <span className="notification__meta">
          <time dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString()}>
            {relativeTime(n.createdAt)}
          </time>
          {clusterId && n.kind !== 'cluster.deleted' && (
            <>
              {' · '}
              <Link to={`/clusters/${clusterId}`}>Open the cluster</Link>
            </>
          )}
        </span>
      </div>
      <div className="notification__actions">
        {!n.readAt && (
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            aria-label={`Mark read: “${n.title}”`}
            onClick={() => onMarkRead(n)}
          >
            Mark read
          </button>
        )}
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          aria-label={`Delete “${n.title}”`}
          onClick={() => onDelete(n)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
