import { useUnreadCount } from '../live/use-live-events';
import { bellLabel } from './bell-label';
import { Link } from './Link';
import { useLocation } from './router';

/** The bell in the signed-in navigation: the live unread count, a link to the notifications. */
export function NotificationBell() {
  const unread = useUnreadCount();
  const { pathname } = useLocation();
  const current = pathname === '/notifications';
  const label = bellLabel(unread);
  return (
    <Link
      to="/notifications"
      className={current ? 'nav__link nav__link--current bell' : 'nav__link bell'}
      current={current}
      label={label}
    >
      <svg className="bell__icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span
        className={unread ? 'bell__count bell__count--unread' : 'bell__count'}
        data-testid="unread-count"
        aria-live="polite"
      >
        {unread ?? '–'}
      </span>
    </Link>
  );
}
