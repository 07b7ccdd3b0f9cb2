import { Link } from '../components/Link';
import { NotificationFeed } from '../components/NotificationFeed';
import { Page } from '../components/Page';

/** My notifications, live. */
export function NotificationsPage() {
  return (
    <Page
      title="Notifications"
      actions={
        <Link to="/notifications/preferences" className="button button--secondary button--small">
          Preferences
        </Link>
      }
    >
      <NotificationFeed />
    </Page>
  );
}
