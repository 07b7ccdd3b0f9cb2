import { useState } from 'react';
import type { Role } from '../api/roles';
import { AppsSection } from './AppsSection';
import { ClusterActions } from './ClusterActions';
import { ClusterChangeForm } from './ClusterChangeForm';
import { KubeconfigDownload } from './KubeconfigDownload';
import { ClusterOutputs } from './ClusterOutputs';
import { ClusterStateBadge } from './ClusterStateBadge';
import { Link } from './Link';
import { ProblemMessage } from './ProblemMessage';
import { ProgressBar } from './ProgressBar';
import { RunHistory } from './RunHistory';
import { RunLog } from './RunLog';
import { useCluster } from './use-cluster';
import { usePageTitle } from './use-page-title';
import { useLiveRunLogs } from './use-live-run-logs';
import { useStoredRunLog } from './use-stored-run-log';

interface Props {
  orgId: string;
  clusterId: string;
  role: Role | null;
}

const ACTIVE = new Set(['PENDING', 'PROVISIONING', 'DELETING']);

/**
 * One cluster, live: state and progress (from the run's progress lines as they arrive, and the
 * cluster fetched again on each state change), outputs, failure reason, the newest run's log
 * as the event stream brings it, any older run's stored log, the run history and the actions;
 * its data tools (AppsSection).
 */
export function ClusterDetails({ orgId, clusterId, role }: Props) {
  const { cluster, runs, error, reload } = useCluster(orgId, clusterId);
  usePageTitle(cluster?.name ?? 'Cluster');
  const liveLogs = useLiveRunLogs(clusterId);
  const [chosenRunId, setChosenRunId] = useState<string | null>(null);

  const newest = runs?.[0] ?? null;
  const shownRun = runs?.find((r) => r.id === chosenRunId) ?? newest;
  const showingNewest = !!shownRun && shownRun.id === newest?.id;
  const stored = useStoredRunLog(orgId, clusterId, showingNewest ? null : (shownRun?.id ?? null));

  if (!cluster || !runs) {
    return error ? <ProblemMessage error={error} /> : <p className="muted">Loading the cluster…</p>;
  }
  const live = newest ? liveLogs[newest.id] : undefined;
  const running = ACTIVE.has(cluster.state);
  const progress = running ? (live?.progress ?? cluster.progress) : cluster.progress;

  return (
    <>
      <section className="section section--first" aria-labelledby="status-heading">
        <div className="section__header">
          <h2 id="status-heading">
            <span data-testid="cluster-name">{cluster.name}</span>
            <span data-testid="cluster-state">
              <ClusterStateBadge state={cluster.state} />
            </span>
          </h2>
          <Link to="/clusters">All clusters</Link>
        </div>
        <p className="cluster-item__meta">
          {cluster.provider} · {cluster.region} · Kubernetes {cluster.kubernetesVersion} · VPC{' '}
          {cluster.vpcCidr} · {cluster.nodePool.instanceType} × {cluster.nodePool.minSize}–
          {cluster.nodePool.maxSize}
        </p>
        {progress && (running || cluster.state === 'READY') && <ProgressBar progress={progress} />}
        {cluster.failureReason && (
          <div className="alert alert--error" role="alert" data-testid="failure-reason">
            {cluster.failureReason}
          </div>
        )}
        {cluster.state === 'READY' && cluster.outputs && (
          <ClusterOutputs outputs={cluster.outputs} />
        )}
        <KubeconfigDownload orgId={orgId} cluster={cluster} role={role} />
        <ClusterChangeForm
          key={`${cluster.kubernetesVersion}:${cluster.nodePool.minSize}:${cluster.nodePool.maxSize}`}
          orgId={orgId}
          cluster={cluster}
          role={role}
          onChanged={reload}
        />
        <ClusterActions
          orgId={orgId}
          cluster={cluster}
          lastRun={newest}
          role={role}
          onDone={reload}
        />
      </section>
      {cluster.state !== 'DELETED' && (
        <AppsSection orgId={orgId} cluster={cluster} role={role} liveLogs={liveLogs} />
      )}
      <section className="section" aria-labelledby="log-heading">
        <div className="section__header">
          <h2 id="log-heading">
            {shownRun
              ? `Log of the ${shownRun.action === 'destroy' ? 'delete' : shownRun.changes ? 'change' : 'create'} run`
              : 'Log'}
            {shownRun && <ClusterStateBadge state={shownRun.state} />}
          </h2>
          {showingNewest && running && <span className="live-dot">Live</span>}
        </div>
        {showingNewest ? (
          <RunLog text={live?.text ?? null} placeholder="Waiting for the run's first lines…" />
        ) : (
          <>
            <ProblemMessage error={stored.error} />
            <RunLog text={stored.text} placeholder="Loading the stored log…" />
          </>
        )}
      </section>
      {runs.length > 0 && (
        <RunHistory
          runs={runs}
          shownRunId={shownRun?.id ?? null}
          onShowLog={(run) => setChosenRunId(run.id)}
        />
      )}
    </>
  );
}
