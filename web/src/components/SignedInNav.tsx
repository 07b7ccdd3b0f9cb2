import { NavLink } from 'react-router';

export const PAGES = [
  { to: '/', label: 'Dashboard' },
  { to: '/clusters', label: 'Clusters' },
  { to: '/cloud-accounts', label: 'Cloud accounts' },
  { to: '/storage', label: 'Storage' },
  { to: '/org', label: 'Organization' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/account', label: 'Account' },
] as const;

/** The signed-in pages; the current one is marked (aria-current="page"). Wraps when narrow. */
export function SignedInNav() {
  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav__list">
        {PAGES.map(({ to, label }) => (
          <li key={to}>
            <NavLink
              to={to}
              end={to === '/'}
              className={({ isActive }) =>
                isActive ? 'nav__link nav__link--current' : 'nav__link'
              }
            >
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
