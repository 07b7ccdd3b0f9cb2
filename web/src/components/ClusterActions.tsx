import { useState } from 'react';
import { cancelRun, deleteCluster, retryRun, type Cluster, type Run } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';
import { can, type Role } from '../api/roles';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  orgId: string;
  cluster: Cluster;
  lastRun: Run | null;
  role: Role | null;
  onDone: () => Promise<void>;
}

/**
 * Cancel (a running create), retry (a failed run) and delete (from READY, FAILED or CANCELLED;
 * with apps installed, after uninstalling them), each offered only in the states that allow it
 * and to the roles that may (docs/api.md#clusters).
 */
export function ClusterActions({ orgId, cluster, lastRun, role, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const state = cluster.state;
  const canCancel =
    can(role, 'clusters.operate') && (state === 'PENDING' || state === 'PROVISIONING');
  const canRetry =
    can(role, 'clusters.operate') && state === 'FAILED' && lastRun?.state === 'FAILED';
  const canDelete =
    can(role, 'clusters.delete') &&
    (state === 'READY' || state === 'FAILED' || state === 'CANCELLED');
  if (!canCancel && !canRetry && !canDelete && !error && !notice) return null;

  const act = async (action: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    setConfirming(false);
    try {
      await action();
      setNotice(message);
      await onDone();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  // Deleting a cluster that runs apps is refused until asked to uninstall them first.
  const appsInstalled = canDelete && error?.code === 'cluster.apps_installed';

  return (
    <div className="cluster-actions">
      <ProblemMessage error={error} />
      {appsInstalled && (
        <div className="actions actions--tight">
          <button
            type="button"
            className="button button--small button--danger"
            disabled={busy}
            onClick={() =>
              act(
                () => deleteCluster(orgId, cluster.id, { uninstallApps: true }),
                'Uninstalling the apps, then deleting the cluster.',
              )
            }
          >
            Uninstall the apps and delete
          </button>
        </div>
      )}
      {notice && <Notice>{notice}</Notice>}
      <div className="actions actions--tight">
        {canCancel && (
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            onClick={() => act(() => cancelRun(orgId, cluster.id), 'The run was cancelled.')}
          >
            Cancel run
          </button>
        )}
        {canRetry && (
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy}
            onClick={() => act(() => retryRun(orgId, cluster.id), 'A new run started.')}
          >
            Retry
          </button>
        )}
        {canDelete &&
          (confirming ? (
            <span className="confirm">
              <span>Delete {cluster.name} and everything it runs?</span>
              <button
                type="button"
                className="button button--small button--danger"
                disabled={busy}
                onClick={() =>
                  act(() => deleteCluster(orgId, cluster.id), 'Deleting the cluster started.')
                }
              >
                Yes, delete
              </button>
              <button
                type="button"
                className="button button--small button--secondary"
                onClick={() => setConfirming(false)}
              >
                Keep it
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Delete cluster
            </button>
          ))}
      </div>
    </div>
  );
}
