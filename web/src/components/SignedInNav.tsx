import { Link } from './Link';
import { NotificationBell } from './NotificationBell';
import { useLocation } from './router';

const PAGES = [
  { to: '/', label: 'Account' },
  { to: '/org', label: 'Organization' },
  { to: '/clusters', label: 'Clusters' },
];

/** Links between the signed-in pages; the current one is marked. */
export function SignedInNav() {
  const { pathname } = useLocation();
  const isCurrent = (to: string) =>
    pathname === to || (to !== '/' && pathname.startsWith(`${to}/`));
  return (
    <nav className="nav" aria-label="Main">
      {PAGES.map(({ to, label }) => (
        <Link
          key={to}
          to={to}
          className={isCurrent(to) ? 'nav__link nav__link--current' : 'nav__link'}
          current={isCurrent(to)}
        >
          {label}
        </Link>
      ))}
      <NotificationBell />
    </nav>
  );
}
