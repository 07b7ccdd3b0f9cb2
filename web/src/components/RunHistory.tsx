import type { Run } from '../api/clusters';
import { ClusterStateBadge } from './ClusterStateBadge';
import { relativeTime } from './relative-time';

interface Props {
  runs: Run[];
  /** The run whose log is shown. */
  shownRunId: string | null;
  onShowLog: (run: Run) => void;
}

const ACTIONS: Record<string, string> = { apply: 'Create', destroy: 'Delete' };
const CHANGE_LABELS: Record<string, string> = {
  kubernetesVersion: 'Kubernetes',
  nodeMinSize: 'min nodes',
  nodeMaxSize: 'max nodes',
};

/** A change run's changes: "Kubernetes 1.32 → 1.33, max nodes 3 → 5". */
const describeChanges = (changes: NonNullable<Run['changes']>) =>
  Object.entries(changes)
    .map(([field, c]) => `${CHANGE_LABELS[field] ?? field} ${c.from} → ${c.to}`)
    .join(', ');

/** Every run of the cluster, newest first; any run's log can be shown. */
export function RunHistory({ runs, shownRunId, onShowLog }: Props) {
  return (
    <section className="section" aria-labelledby="runs-heading">
      <h2 id="runs-heading">
        Runs<span className="count">{runs.length}</span>
      </h2>
      <ul className="orgs">
        {runs.map((run) => (
          <li
            key={run.id}
            className="org run-item"
            data-testid="run-item"
            data-current={run.id === shownRunId || undefined}
          >
            <div className="cluster-item__main">
              <span className="org__name">
                {run.changes ? 'Change' : (ACTIONS[run.action] ?? run.action)}
                <ClusterStateBadge state={run.state} />
              </span>
              <span className="cluster-item__meta">
                {run.createdAt && <>started {relativeTime(run.createdAt)}</>}
                {run.finishedAt && <> · ended {relativeTime(run.finishedAt)}</>}
                {run.progress && ` · ${run.progress.step} ${run.progress.percent}%`}
              </span>
              {run.changes && (
                <span className="cluster-item__meta" data-testid="run-changes">
                  {describeChanges(run.changes)}
                </span>
              )}
              {run.failureReason && <span className="run-item__reason">{run.failureReason}</span>}
            </div>
            <button
              type="button"
              className="button button--small button--secondary"
              disabled={run.id === shownRunId}
              onClick={() => onShowLog(run)}
            >
              {run.id === shownRunId ? 'Log shown' : 'Show log'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
