import { Link } from './Link';
import { useLocation } from './router';

const PAGES = [
  { to: '/', label: 'Account' },
  { to: '/org', label: 'Organization' },
];

/** Links between the signed-in pages; the current one is marked. */
export function SignedInNav() {
  const { pathname } = useLocation();
  return (
    <nav className="nav" aria-label="Main">
      {PAGES.map(({ to, label }) => (
        <Link
          key={to}
          to={to}
          className={pathname === to ? 'nav__link nav__link--current' : 'nav__link'}
          current={pathname === to}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
