import { useEffect } from 'react';
import type { ClusterState } from '../api/clusters';
import { AppStateBadge } from '../components/AppStateBadge';
import { ClusterStateBadge } from '../components/ClusterStateBadge';
import { FirstRunChecklist } from '../components/FirstRunChecklist';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { ProblemMessage } from '../components/ProblemMessage';
import { ProgressBar } from '../components/ProgressBar';
import { relativeTime } from '../components/relative-time';
import { takeReturnPath } from '../components/return-path';
import { navigate } from '../components/router';
import { useDashboard } from '../components/use-dashboard';
import { isBusy } from '../components/use-clusters';
import { useMe } from '../components/use-me';

const STATES: { state: ClusterState; label: string }[] = [
  { state: 'READY', label: 'Ready' },
  { state: 'PROVISIONING', label: 'Provisioning' },
  { state: 'PENDING', label: 'Pending' },
  { state: 'DELETING', label: 'Deleting' },
  { state: 'FAILED', label: 'Failed' },
];

/** `/`: the active organization at a glance, live, and the first steps for a new one. */
export function DashboardPage() {
  const { me } = useMe();
  // Google sign-in always ends here: go on to where the user was headed (an invitation, say).
  useEffect(() => {
    if (!me) return;
    const next = takeReturnPath();
    if (next && next !== '/') navigate(next, { replace: true });
  }, [me]);
  if (!me) return null;
  const org = me.activeOrg;
  return (
    <Page
      title="Dashboard"
      subtitle={
        org ? (
          <>
            <strong>{org.name}</strong> at a glance
          </>
        ) : (
          'Choose or create an organization to begin.'
        )
      }
    >
      {org ? <Overview key={org.id} orgId={org.id} /> : <Link to="/org">Your organizations</Link>}
    </Page>
  );
}

function Overview({ orgId }: { orgId: string }) {
  const d = useDashboard(orgId);
  const clusters = d.clusters ?? [];
  const busy = clusters.filter(isBusy);
  const failed = clusters.filter((c) => c.state === 'FAILED');
  const count = (state: ClusterState) => clusters.filter((c) => c.state === state).length;
  const loading = <p className="muted">Loading…</p>;
  return (
    <>
      <ProblemMessage error={d.error} />
      <FirstRunChecklist
        steps={[
          {
            done: (d.accounts?.length ?? 0) > 0,
            label: 'Connect a cloud account',
            to: '/cloud-accounts',
            action: 'Add a cloud account',
          },
          {
            done: (d.connectors?.length ?? 0) > 0,
            label: 'Add a state connector',
            to: '/storage',
            action: 'Add a state connector',
          },
          {
            done: clusters.length > 0,
            label: 'Create a cluster',
            to: '/clusters',
            action: 'Create a cluster',
          },
          {
            done: (d.apps?.length ?? 0) > 0,
            label: 'Install a tool',
            to: '/clusters',
            action: 'Open a ready cluster',
          },
        ]}
      />
      <div className="grid">
        <section className="panel" aria-labelledby="by-state-heading">
          <h2 id="by-state-heading">Clusters by state</h2>
          {d.clusters === null ? (
            loading
          ) : clusters.length === 0 ? (
            <p className="empty">No clusters yet.</p>
          ) : (
            <dl className="stats" data-testid="clusters-by-state">
              {STATES.map(({ state, label }) => (
                <div key={state} className="stat" data-state={state}>
                  <dt>{label}</dt>
                  <dd data-testid={`count-${state}`}>{count(state)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section className="panel" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Runs in progress</h2>
          {d.clusters === null ? (
            loading
          ) : busy.length === 0 ? (
            <p className="empty">Nothing is running.</p>
          ) : (
            <ul className="items" data-testid="runs-in-progress">
              {busy.map((c) => (
                <li key={c.id} className="item" data-name={c.name}>
                  <div className="item__main">
                    <Link to={`/clusters/${c.id}`} className="item__title">
                      {c.name}
                    </Link>
                    {c.progress ? (
                      <ProgressBar progress={c.progress} />
                    ) : (
                      <span className="item__meta">Waiting to start</span>
                    )}
                  </div>
                  <ClusterStateBadge state={c.state} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="failures-heading">
          <h2 id="failures-heading">Recent failures</h2>
          {d.clusters === null ? (
            loading
          ) : failed.length === 0 ? (
            <p className="empty">No failures.</p>
          ) : (
            <ul className="items" data-testid="recent-failures">
              {failed.map((c) => (
                <li key={c.id} className="item">
                  <div className="item__main">
                    <Link to={`/clusters/${c.id}`} className="item__title">
                      {c.name}
                    </Link>
                    <span className="item__problem">{c.failureReason ?? 'The run failed.'}</span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="apps-heading">
          <h2 id="apps-heading">Installed apps</h2>
          {d.apps === null ? (
            loading
          ) : d.apps.length === 0 ? (
            <p className="empty">No apps installed. Open a ready cluster to install one.</p>
          ) : (
            <ul className="items" data-testid="installed-apps">
              {d.apps.map((a) => (
                <li key={a.id} className="item">
                  <div className="item__main">
                    <Link to={`/clusters/${a.clusterId}`} className="item__title">
                      {a.name}
                    </Link>
                    <span className="item__meta">on {a.clusterName}</span>
                  </div>
                  <AppStateBadge state={a.state} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="unread-heading">
          <h2 id="unread-heading">Unread notifications</h2>
          {d.unread === null ? (
            loading
          ) : d.unread.length === 0 ? (
            <p className="empty">You are all caught up.</p>
          ) : (
            <ul className="items" data-testid="unread-notifications">
              {d.unread.slice(0, 5).map((n) => (
                <li key={n.id} className="item">
                  <div className="item__main">
                    <span className="item__title">{n.title}</span>
                    <span className="item__meta">{relativeTime(n.createdAt)}</span>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p className="panel__more">
            <Link to="/notifications">All notifications</Link>
          </p>
        </section>
      </div>
    </>
  );
}
