import { useState, type FormEvent } from 'react';
import { changeCluster, type ChangeClusterInput, type Cluster } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';
import { can, type Role } from '../api/roles';
import { clusterFieldErrors, nextVersion } from './cluster-form';
import { Field } from './Field';
import { FieldErrorSummary } from './FieldErrorSummary';
import { ProblemMessage } from './ProblemMessage';
import { SelectField } from './SelectField';
import { SubmitButton } from './SubmitButton';

interface Props {
  orgId: string;
  cluster: Cluster;
  role: Role | null;
  onChanged: () => Promise<void>;
}

const LABELS = {
  minSize: 'Minimum nodes',
  maxSize: 'Maximum nodes',
  kubernetesVersion: 'Kubernetes version',
};

/**
 * "Change" of a READY cluster for admins and owners (PATCH …/clusters/{id}): the node pool's
 * minimum and maximum size and an upgrade to the next Kubernetes minor version, only those the
 * API allows offered. Each change is an apply run in the history; the cluster shows the new
 * values once it succeeds. The server's 422 and 409 are shown as they come.
 */
export function ClusterChangeForm({ orgId, cluster, role, onChanged }: Props) {
  const current = {
    minSize: String(cluster.nodePool.minSize),
    maxSize: String(cluster.nodePool.maxSize),
    kubernetesVersion: cluster.kubernetesVersion,
  };
  const [values, setValues] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!can(role, 'clusters.change') || cluster.state !== 'READY') return null;

  const next = nextVersion(cluster.kubernetesVersion);
  const versions = [cluster.kubernetesVersion, ...(next ? [next] : [])].map((v) => ({
    value: v,
    label: v === cluster.kubernetesVersion ? `${v} (current)` : `${v} (upgrade)`,
  }));
  const body: ChangeClusterInput = {};
  const nodePool: NonNullable<ChangeClusterInput['nodePool']> = {};
  if (values.minSize !== current.minSize) nodePool.minSize = Number(values.minSize);
  if (values.maxSize !== current.maxSize) nodePool.maxSize = Number(values.maxSize);
  if (Object.keys(nodePool).length > 0) body.nodePool = nodePool;
  if (values.kubernetesVersion !== current.kubernetesVersion)
    body.kubernetesVersion = values.kubernetesVersion;
  const changed = Object.keys(body).length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await changeCluster(orgId, cluster.id, body);
      await onChanged();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const set = (field: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));
  const fields = clusterFieldErrors(error);
  const fieldless = error && Object.keys(fields).length === 0 ? error : null;

  return (
    <form className="form cluster-change" aria-label="Change the cluster" onSubmit={submit}>
      <h3>Change</h3>
      <ProblemMessage error={fieldless} />
      <FieldErrorSummary errors={fields} labels={LABELS} />
      <Field
        label={LABELS.minSize}
        type="number"
        min={0}
        max={100}
        required
        value={values.minSize}
        onChange={set('minSize')}
        error={fields.minSize}
      />
      <Field
        label={LABELS.maxSize}
        type="number"
        min={1}
        max={100}
        required
        value={values.maxSize}
        onChange={set('maxSize')}
        error={fields.maxSize}
      />
      <SelectField
        label={LABELS.kubernetesVersion}
        value={values.kubernetesVersion}
        options={versions}
        onChange={set('kubernetesVersion')}
        hint={
          next
            ? 'One minor version at a time: the control plane, then the node pool.'
            : 'Already on the newest version Strata supports.'
        }
        error={fields.kubernetesVersion}
      />
      <SubmitButton
        busy={busy}
        disabled={!changed}
        label="Apply change"
        busyLabel="Starting the change…"
        variant="secondary"
      />
    </form>
  );
}
