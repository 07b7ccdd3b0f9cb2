import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { listCloudAccountViews, type CloudAccountView } from '../api/cloud-accounts';
import { createCluster, type Cluster, type Provider } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';
import { listStorageConnectors } from '../api/storage-connectors';
import { keys } from '../app/query-keys';
import {
  ADVANCED_FIELDS,
  clusterFieldErrors,
  DEFAULT_INSTANCE_TYPES,
  DEFAULT_VPC_CIDR,
  initialClusterForm,
  KUBERNETES_VERSIONS,
  PROVIDER_LABELS,
  SANDBOX_REGIONS,
  SANDBOX_STEPS,
  toCreateInput,
  type ClusterFormValues,
} from './cluster-form';
import { Field } from './Field';
import { FieldErrorSummary } from './FieldErrorSummary';
import { Link } from './Link';
import { ProblemMessage } from './ProblemMessage';
import { SelectField } from './SelectField';
import { SubmitButton } from './SubmitButton';

const PROVIDERS = Object.entries(PROVIDER_LABELS).map(([value, label]) => ({ value, label }));
const VERSIONS = KUBERNETES_VERSIONS.map((v, i) => ({
  value: v,
  label: i === 0 ? `${v} (default)` : v,
}));
const FAIL_AT = [
  { value: '', label: 'Never (the run succeeds)' },
  ...SANDBOX_STEPS.map((s) => ({ value: s, label: `At step ${s}` })),
];

interface Props {
  orgId: string;
  onCreated: (cluster: Cluster) => void;
}

/** The form's labels, by the field names of clusterFieldErrors (for the summary of errors). */
const LABELS: Record<string, string> = {
  provider: 'Provider',
  region: 'Region',
  cloudAccountId: 'Cloud account',
  namePrefix: 'Name prefix',
  nameSuffix: 'Name suffix',
  kubernetesVersion: 'Kubernetes version',
  minSize: 'Minimum nodes',
  maxSize: 'Maximum nodes',
  stateConnectorId: 'Terraform state connector',
  vpcCidr: 'VPC CIDR',
  publicSubnetCidrs: 'Public subnets',
  privateSubnetCidrs: 'Private subnets',
  instanceType: 'Node instance type',
  sandboxFailAt: 'Simulate a failure',
};

/**
 * Creates a cluster in the organization (admins and owners): every field of the API with its
 * documented default filled in or named. The network and rarely changed fields sit in an
 * "Advanced" section, collapsed until opened or until one of them is refused; a refusal lists
 * every field's message at once at the top and beside each field.
 */
export function CreateClusterForm({ orgId, onCreated }: Props) {
  const [values, setValues] = useState<ClusterFormValues>(initialClusterForm);
  const [accounts, setAccounts] = useState<CloudAccountView[] | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const sandbox = values.provider === 'sandbox';
  const connectors = useQuery({
    queryKey: keys.storageConnectors(orgId),
    queryFn: () => listStorageConnectors(orgId),
    enabled: !sandbox,
  });

  useEffect(() => {
    if (sandbox || accounts) return;
    listCloudAccountViews(orgId).then(setAccounts, () => setAccounts([]));
  }, [orgId, sandbox, accounts]);

  const set =
    <K extends keyof ClusterFormValues>(key: K) =>
    (value: ClusterFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  const changeProvider = (provider: string) =>
    setValues((v) => ({
      ...v,
      provider: provider as Provider,
      cloudAccountId: '',
      region: provider === 'sandbox' ? SANDBOX_REGIONS[0] : '',
      sandboxFailAt: '',
    }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const cluster = await createCluster(orgId, toCreateInput(values));
      setValues(initialClusterForm());
      onCreated(cluster);
    } catch (caught) {
      const refused = toApiError(caught);
      setError(refused);
      // A refused field inside the collapsed section is shown, not hidden.
      if (Object.keys(clusterFieldErrors(refused)).some((f) => ADVANCED_FIELDS.has(f))) {
        setAdvancedOpen(true);
      }
    } finally {
      setBusy(false);
    }
  };

  const fields = clusterFieldErrors(error);
  const ofProvider = (accounts ?? []).filter((a) => a.provider.toLowerCase() === values.provider);
  return (
    <form className="form form--inset" onSubmit={submit} aria-label="Create a cluster" noValidate>
      <h3>Create a cluster</h3>
      <ProblemMessage error={error} />
      <FieldErrorSummary errors={fields} labels={LABELS} />
      <div className="form-row">
        <SelectField
          label="Provider"
          value={values.provider}
          options={PROVIDERS}
          onChange={changeProvider}
          error={fields.provider}
        />
        {sandbox ? (
          <SelectField
            label="Region"
            value={values.region}
            options={SANDBOX_REGIONS.map((r) => ({ value: r, label: r }))}
            onChange={set('region')}
            error={fields.region}
          />
        ) : (
          <Field
            label="Region"
            value={values.region}
            onChange={set('region')}
            placeholder={values.provider === 'aws' ? 'us-east-1' : ''}
            error={fields.region}
          />
        )}
      </div>
      {!sandbox && (
        <SelectField
          label="Cloud account"
          value={values.cloudAccountId}
          options={[
            { value: '', label: accounts === null ? 'Loading…' : 'Choose an account' },
            ...ofProvider.map((a) => ({ value: a.id, label: `${a.name} (${a.status})` })),
          ]}
          onChange={set('cloudAccountId')}
          hint={
            accounts && ofProvider.length === 0
              ? `No ${PROVIDER_LABELS[values.provider]} account in this organization yet.`
              : undefined
          }
          error={fields.cloudAccountId}
        />
      )}
      {!sandbox && accounts && ofProvider.length === 0 && (
        <p className="hint hint--block">
          <Link to="/cloud-accounts">Add a {PROVIDER_LABELS[values.provider]} cloud account</Link>{' '}
          first, or choose the sandbox provider to try Strata without a cloud.
        </p>
      )}
      <div className="form-row">
        <Field
          label="Name prefix"
          required
          value={values.namePrefix}
          onChange={set('namePrefix')}
          placeholder="analytics"
          hint="Lower-case letters, digits and hyphens; the name is prefix-suffix, at most 40."
          error={fields.namePrefix}
        />
        <Field
          label="Name suffix"
          value={values.nameSuffix}
          onChange={set('nameSuffix')}
          placeholder="prod"
          hint="Optional."
          error={fields.nameSuffix}
        />
      </div>
      <div className="form-row">
        <SelectField
          label="Kubernetes version"
          value={values.kubernetesVersion}
          options={VERSIONS}
          onChange={set('kubernetesVersion')}
          error={fields.kubernetesVersion}
        />
        <Field
          label="Minimum nodes"
          type="number"
          min={0}
          max={100}
          value={values.minSize}
          onChange={set('minSize')}
          hint="Default 1."
          error={fields.minSize}
        />
        <Field
          label="Maximum nodes"
          type="number"
          min={1}
          max={100}
          value={values.maxSize}
          onChange={set('maxSize')}
          hint="Default 3, at most 100."
          error={fields.maxSize}
        />
      </div>
      {!sandbox && (
        <SelectField
          label="Terraform state connector"
          value={values.stateConnectorId}
          options={[
            {
              value: '',
              label: connectors.isPending ? 'Loading…' : 'None (the default state storage)',
            },
            ...(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name })),
          ]}
          onChange={set('stateConnectorId')}
          hint={
            connectors.data?.length === 0
              ? 'No state connectors yet: add one on the Storage page.'
              : undefined
          }
          error={fields.stateConnectorId}
        />
      )}
      <details
        className="advanced"
        open={advancedOpen}
        onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}
      >
        <summary>Advanced: network, node type{sandbox ? ', simulated failure' : ''}</summary>
        <Field
          label="VPC CIDR"
          value={values.vpcCidr}
          onChange={set('vpcCidr')}
          placeholder={DEFAULT_VPC_CIDR}
          hint={`Default ${DEFAULT_VPC_CIDR}; /16 to /24.`}
          error={fields.vpcCidr}
        />
        <div className="form-row">
          <Field
            label="Public subnets"
            value={values.publicSubnetCidrs}
            onChange={set('publicSubnetCidrs')}
            placeholder="Two carved from the VPC"
            hint="Comma-separated CIDRs, /28 or larger; empty for the default."
            error={fields.publicSubnetCidrs}
          />
          <Field
            label="Private subnets"
            value={values.privateSubnetCidrs}
            onChange={set('privateSubnetCidrs')}
            placeholder="Two carved from the VPC"
            hint="Inside the VPC, not overlapping."
            error={fields.privateSubnetCidrs}
          />
        </div>
        <Field
          label="Node instance type"
          value={values.instanceType}
          onChange={set('instanceType')}
          placeholder={DEFAULT_INSTANCE_TYPES[values.provider]}
          hint={`Default ${DEFAULT_INSTANCE_TYPES[values.provider]}.`}
          error={fields.instanceType}
        />
        {sandbox && (
          <SelectField
            label="Simulate a failure"
            value={values.sandboxFailAt}
            options={FAIL_AT}
            onChange={set('sandboxFailAt')}
            hint="Sandbox only: the step at which the simulated run fails."
            error={fields.sandboxFailAt}
          />
        )}
      </details>
      <SubmitButton busy={busy} label="Create cluster" busyLabel="Creating…" />
    </form>
  );
}
