import { useState } from 'react';
import { getKubeconfig, type Cluster } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';
import { can, type Role } from '../api/roles';
import { ProblemMessage } from './ProblemMessage';

/**
 * "Download kubeconfig" for admins and owners of a READY cluster. The file holds a token that
 * expires in 15 minutes; it is handed to the browser as a download and kept nowhere else.
 */
export function KubeconfigDownload({
  orgId,
  cluster,
  role,
}: {
  orgId: string;
  cluster: Cluster;
  role: Role | null;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!can(role, 'clusters.access') || cluster.state !== 'READY') return null;

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const yaml = await getKubeconfig(orgId, cluster.id);
      const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `kubeconfig-${cluster.name}.yaml`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kubeconfig-download">
      <ProblemMessage error={error} />
      <button
        type="button"
        className="button button--small button--secondary"
        disabled={busy}
        onClick={() => void download()}
      >
        Download kubeconfig
      </button>
      <p className="muted">Its token expires in 15 minutes: download a new one when it does.</p>
    </div>
  );
}
