import { Outlet } from 'react-router';
import { Link } from '../components/Link';
import { NotificationBell } from '../components/NotificationBell';
import { ProblemMessage } from '../components/ProblemMessage';
import { RoleBadge } from '../components/RoleBadge';
import { SignedInNav } from '../components/SignedInNav';
import { useMe } from '../components/use-me';
import { useLiveCache } from '../live/live-cache';
import { useLiveOrganization } from '../live/use-live-events';

/**
 * Every signed-in page: the skip link, the brand (home: the dashboard), the navigation, the
 * active organization with the caller's role and the bell, then the page. The live stream keeps
 * the query cache fresh while the shell is shown.
 */
export function Shell() {
  const { me, error } = useMe();
  return (
    <div className="shell">
      {/* The first stop for the keyboard (WCAG 2.4.1, bypass blocks). */}
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <Link to="/" className="brand" label="Strata, home">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>Strata</span>
          </Link>
          {me && (
            <div className="shell__context" data-testid="active-org">
              <Live orgId={me.activeOrg?.id} />
              {me.activeOrg ? (
                <>
                  <span className="visually-hidden">Active organization:</span>
                  <span className="shell__org">{me.activeOrg.name}</span>
                  <RoleBadge role={me.role} />
                </>
              ) : (
                <span className="muted">No organization</span>
              )}
              <NotificationBell />
            </div>
          )}
        </div>
        {me && <SignedInNav />}
      </header>
      <main id="main" tabIndex={-1} className="shell__main">
        {me ? (
          <Outlet />
        ) : error ? (
          <ProblemMessage error={error} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </main>
    </div>
  );
}

/** The stream, for the active organization, feeding the query cache (only once signed in). */
function Live({ orgId }: { orgId: string | undefined }) {
  useLiveOrganization(orgId);
  useLiveCache();
  return null;
}
