import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CloudAccountView, CloudProvider } from '../api/cloud-accounts';
import { toApiError } from '../api/problem';
import {
  addStorageConnector,
  type ConnectorKind,
  type NewStorageConnector,
} from '../api/storage-connectors';
import { keys } from '../app/query-keys';
import { cloudErrorText } from './cloud-errors';
import { Field } from './Field';
import { Link } from './Link';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SelectField } from './SelectField';
import { SubmitButton } from './SubmitButton';

const KINDS: { value: ConnectorKind; label: string; provider: CloudProvider }[] = [
  { value: 's3', label: 'Amazon S3 bucket', provider: 'aws' },
  { value: 'azure_blob', label: 'Azure Blob container', provider: 'azure' },
  { value: 'gcs', label: 'Google Cloud Storage bucket', provider: 'gcp' },
];

const LABELS: Record<string, string> = {
  name: 'Name',
  cloudAccountId: 'Cloud account',
  bucket: 'Bucket',
  region: 'Region',
  storageAccount: 'Storage account',
  container: 'Container',
};

interface Props {
  orgId: string;
  accounts: CloudAccountView[];
}

/** Adds a state connector, proved by writing, reading and deleting a probe object. */
export function AddStorageConnectorForm({ orgId, accounts }: Props) {
  const client = useQueryClient();
  const [kind, setKind] = useState<ConnectorKind>('s3');
  const [name, setName] = useState('');
  const [accountId, setAccountId] = useState('');
  const [bucket, setBucket] = useState('');
  const [region, setRegion] = useState('eu-west-1');
  const [storageAccount, setStorageAccount] = useState('');
  const [container, setContainer] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const provider = KINDS.find((k) => k.value === kind)!.provider;
  const usable = accounts.filter((a) => a.provider === provider);
  const chosen = usable.find((a) => a.id === accountId)?.id ?? usable[0]?.id ?? '';

  const add = useMutation({
    mutationFn: (body: NewStorageConnector) => addStorageConnector(orgId, body),
    onMutate: () => setAdded(null),
    onSuccess: async (c) => {
      setAdded(
        `${c.name}: the probe object was written, read and deleted. The connector is ready.`,
      );
      setName('');
      setBucket('');
      setContainer('');
      await client.invalidateQueries({ queryKey: keys.storageConnectors(orgId) });
    },
  });
  const error = add.error ? toApiError(add.error) : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  const fieldError = (f: string) => fieldErrors[f] && `${LABELS[f] ?? f} ${fieldErrors[f]}.`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { name: name.trim(), cloudAccountId: chosen };
    if (kind === 's3')
      add.mutate({ ...common, kind, bucket: bucket.trim(), region: region.trim() });
    else if (kind === 'azure_blob') {
      add.mutate({
        ...common,
        kind,
        storageAccount: storageAccount.trim(),
        container: container.trim(),
      });
    } else add.mutate({ ...common, kind, bucket: bucket.trim() });
  };

  return (
    <section className="section" aria-labelledby="add-connector-heading">
      <h2 id="add-connector-heading">Add a state connector</h2>
      <form className="form" onSubmit={submit} noValidate>
        <SelectField
          label="Storage"
          value={kind}
          options={KINDS}
          onChange={(k) => {
            setKind(k as ConnectorKind);
            add.reset();
          }}
        />
        {usable.length === 0 ? (
          <p className="empty">
            A {KINDS.find((k) => k.value === kind)!.label} is reached with a{' '}
            {provider.toUpperCase()} cloud account, and this organization has none.{' '}
            <Link to="/cloud-accounts">Add a cloud account</Link> first.
          </p>
        ) : (
          <>
            <SelectField
              label="Cloud account"
              value={chosen}
              options={usable.map((a) => ({ value: a.id, label: a.name }))}
              onChange={setAccountId}
              error={fieldError('cloudAccountId')}
            />
            <Field label="Name" value={name} onChange={setName} error={fieldError('name')} />
            {kind !== 'azure_blob' && (
              <Field
                label="Bucket"
                value={bucket}
                onChange={setBucket}
                error={fieldError('bucket')}
              />
            )}
            {kind === 's3' && (
              <Field
                label="Region"
                value={region}
                onChange={setRegion}
                hint="The bucket's AWS region, e.g. eu-west-1."
                error={fieldError('region')}
              />
            )}
            {kind === 'azure_blob' && (
              <>
                <Field
                  label="Storage account"
                  value={storageAccount}
                  onChange={setStorageAccount}
                  error={fieldError('storageAccount')}
                />
                <Field
                  label="Container"
                  value={container}
                  onChange={setContainer}
                  error={fieldError('container')}
                />
              </>
            )}
            {error?.code.startsWith('cloud.') ? (
              <div className="alert alert--error" role="alert" data-testid="probe-result">
                <strong>Not added: the probe failed.</strong>{' '}
                {cloudErrorText(error.code, error.problem.detail)}
              </div>
            ) : (
              Object.keys(fieldErrors).length === 0 && <ProblemMessage error={error} />
            )}
            {added && <Notice>{added}</Notice>}
            <SubmitButton busy={add.isPending} label="Probe and add" busyLabel="Probing…" />
          </>
        )}
      </form>
    </section>
  );
}
