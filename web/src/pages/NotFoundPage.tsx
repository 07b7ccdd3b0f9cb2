import { Card } from '../components/Card';
import { Link } from '../components/Link';

export function NotFoundPage() {
  return (
    <Card title="Page not found">
      <p>There is nothing at this address.</p>
      <p className="footer-links">
        <Link to="/">Go to the dashboard</Link>
      </p>
    </Card>
  );
}
