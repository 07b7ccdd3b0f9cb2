import { useCallback, useEffect, useState } from 'react';
import { listClusters, type Cluster } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';
import { useLiveEvent } from '../live/use-live-events';
import { ClusterStateBadge } from './ClusterStateBadge';
import { Link } from './Link';
import { ProblemMessage } from './ProblemMessage';
import { ProgressBar } from './ProgressBar';
import { relativeTime } from './relative-time';

interface Props {
  orgId: string;
  /** Changes after a create, to list again. */
  version: number;
}

/** The organization's clusters with their state, listed again when one changes state. */
export function ClusterList({ orgId, version }: Props) {
  const [clusters, setClusters] = useState<Cluster[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      setClusters(await listClusters(orgId));
      setError(null);
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, [orgId]);

  useEffect(() => {
    void load();
  }, [load, version]);
  useLiveEvent('cluster', (push) => {
    if (push.orgId === orgId) void load();
  });
  useLiveEvent('hello', () => void load());
  useLiveEvent('reset', () => void load());

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
        <p className="muted">No clusters yet.</p>
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
