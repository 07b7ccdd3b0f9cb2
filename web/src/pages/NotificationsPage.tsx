import { Card } from '../components/Card';
import { NotificationFeed } from '../components/NotificationFeed';
import { ProblemMessage } from '../components/ProblemMessage';
import { SignedInNav } from '../components/SignedInNav';
import { useMe } from '../components/use-me';

/** My notifications, live. */
export function NotificationsPage() {
  const { me, error } = useMe();
  return (
    <Card wide nav={me && <SignedInNav />} title="Notifications">
      {me ? (
        <NotificationFeed />
      ) : error ? (
        <ProblemMessage error={error} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </Card>
  );
}
