import type { Cluster } from '../api/clusters';
import { can, type Role } from '../api/roles';
import { AppCatalog } from './AppCatalog';
import { AppItem } from './AppItem';
import { ProblemMessage } from './ProblemMessage';
import { useApps } from './use-apps';
import type { LiveRunLog } from './use-live-run-logs';

interface Props {
  orgId: string;
  cluster: Cluster;
  role: Role | null;
  /** The cluster's run logs as the event stream brings them (app runs' included). */
  liveLogs: Record<string, LiveRunLog>;
}

/** A cluster's data tools: the installed apps, live, and (on a READY cluster) the catalog. */
export function AppsSection({ orgId, cluster, role, liveLogs }: Props) {
  const { catalog, apps, error, reload } = useApps(orgId, cluster.id);
  if (!catalog || !apps) {
    return error ? <ProblemMessage error={error} /> : <p className="muted">Loading the apps…</p>;
  }
  const present = apps.filter((a) => a.state !== 'UNINSTALLED');
  const canManage = can(role, 'apps.manage');
  return (
    <>
      {apps.length > 0 && (
        <section className="section" aria-labelledby="apps-heading">
          <div className="section__header">
            <h2 id="apps-heading">Installed apps</h2>
          </div>
          <ProblemMessage error={error} />
          <ul className="app-list">
            {apps.map((app) => (
              <AppItem
                key={app.id}
                orgId={orgId}
                app={app}
                entry={catalog.find((e) => e.id === app.catalogId)}
                live={app.activeRunId ? liveLogs[app.activeRunId] : undefined}
                canManage={canManage && cluster.state === 'READY'}
                canReadCredentials={can(role, 'apps.credentials')}
                onChanged={reload}
              />
            ))}
          </ul>
        </section>
      )}
      {cluster.state === 'READY' && (
        <AppCatalog
          orgId={orgId}
          clusterId={cluster.id}
          catalog={catalog}
          installed={present}
          canManage={canManage}
          onInstalled={reload}
        />
      )}
    </>
  );
}
