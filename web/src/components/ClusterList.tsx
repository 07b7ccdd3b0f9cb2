import { useClusters } from './use-clusters';
import { ClusterStateBadge } from './ClusterStateBadge';
import { Link } from './Link';
import { ProblemMessage } from './ProblemMessage';
import { ProgressBar } from './ProgressBar';
import { relativeTime } from './relative-time';

interface Props {
  orgId: string;
}

/** The organization's clusters with their state, from the query cache the stream keeps fresh. */
export function ClusterList({ orgId }: Props) {
  const { clusters, error } = useClusters(orgId);

  return (
    <section className="section section--first" aria-labelledby="clusters-heading">
      <h2 id="clusters-heading">
        Clusters
        {clusters && <span className="count">{clusters.length}</span>}
      </h2>
      <ProblemMessage error={error} />
      {clusters === null ? (
        !error && <p className="muted">Loading clusters…</p>
      ) : clusters.length === 0 ? (
        <p className="empty">
          No clusters yet. Create one below; the sandbox provider needs no cloud account.
        </p>
      ) : (
        <ul className="orgs">
          {clusters.map((c) => (
            <li
              key={c.id}
              className="org cluster-item"
              data-testid="cluster-item"
              data-name={c.name}
            >
              <div className="cluster-item__main">
                <Link to={`/clusters/${c.id}`} className="org__name">
                  {c.name}
                </Link>
                <span className="cluster-item__meta">
                  {c.provider} · {c.region} · Kubernetes {c.kubernetesVersion}
                  {c.createdAt && <> · created {relativeTime(c.createdAt)}</>}
                </span>
                {c.progress && (c.state === 'PROVISIONING' || c.state === 'DELETING') && (
                  <ProgressBar progress={c.progress} />
                )}
              </div>
              <ClusterStateBadge state={c.state} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
