import type { Session } from '../api/endpoints';
import { describeDevice } from './describe-device';
import { relativeTime } from './relative-time';

interface Props {
  session: Session;
  busy: boolean;
  onRevoke: (id: string) => void;
}

export function SessionItem({ session, busy, onRevoke }: Props) {
  return (
    <li className="session" data-current={session.current || undefined}>
      <div className="session__main">
        <span className="session__device" title={session.userAgent}>
          {describeDevice(session.userAgent)}
        </span>
        {session.current && <span className="badge">This device</span>}
        <span className="session__meta">
          {session.ip || 'unknown IP'} · last used{' '}
          <time dateTime={session.lastUsedAt} title={new Date(session.lastUsedAt).toLocaleString()}>
            {relativeTime(session.lastUsedAt)}
          </time>
        </span>
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => onRevoke(session.id)}
        >
          Revoke
        </button>
      )}
    </li>
  );
}
