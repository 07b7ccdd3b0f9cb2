import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  addCloudAccount,
  ENVIRONMENTS,
  type CloudProvider,
  type Environment,
  type NewCloudAccount,
} from '../api/cloud-accounts';
import { toApiError, type ApiError } from '../api/problem';
import { keys } from '../app/query-keys';
import { cloudErrorText } from './cloud-errors';
import { Field } from './Field';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SelectField } from './SelectField';
import { SubmitButton } from './SubmitButton';

const PROVIDERS: { value: CloudProvider; label: string }[] = [
  { value: 'aws', label: 'Amazon Web Services (AWS)' },
  { value: 'azure', label: 'Microsoft Azure' },
  { value: 'gcp', label: 'Google Cloud (GCP)' },
];

const ENVIRONMENT_LABELS: Record<Environment, string> = {
  prod: 'Production',
  dev: 'Development',
  uat: 'User acceptance (UAT)',
  sandbox: 'Sandbox',
  other: 'Other',
};

/** The API's field names in the form's words, for its field errors. */
const LABELS: Record<string, string> = {
  name: 'Name',
  environment: 'Environment',
  accessKeyId: 'Access key id',
  secretAccessKey: 'Secret access key',
  roleArn: 'Role ARN',
  tenantId: 'Tenant id',
  clientId: 'Client id',
  clientSecret: 'Client secret',
  subscriptionId: 'Subscription id',
  serviceAccountKey: 'Service-account key file',
};

const empty = {
  name: '',
  accessKeyId: '',
  secretAccessKey: '',
  roleArn: '',
  tenantId: '',
  clientId: '',
  clientSecret: '',
  subscriptionId: '',
};

/**
 * Adds a cloud account: the cloud checks the credentials before anything is saved, and a refusal
 * is told in words (components/cloud-errors.ts).
 */
export function AddCloudAccountForm({ orgId }: { orgId: string }) {
  const client = useQueryClient();
  const [provider, setProvider] = useState<CloudProvider>('aws');
  const [environment, setEnvironment] = useState<Environment>('dev');
  const [values, setValues] = useState(empty);
  const [keyFile, setKeyFile] = useState<{ name: string; text: string } | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const set = (field: keyof typeof empty) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  const add = useMutation({
    mutationFn: (body: NewCloudAccount) => addCloudAccount(orgId, body),
    onSuccess: async (account) => {
      setAdded(`${account.name} was verified and added.`);
      setValues(empty);
      setKeyFile(null);
      await client.invalidateQueries({ queryKey: keys.cloudAccounts(orgId) });
    },
    onMutate: () => setAdded(null),
  });
  const error: ApiError | null = add.error ? toApiError(add.error) : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  const fieldError = (field: string) =>
    fieldErrors[field] && `${LABELS[field] ?? field} ${fieldErrors[field]}.`;
  const verification = error?.code.startsWith('cloud.') ? error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { name: values.name.trim(), environment };
    if (provider === 'aws') {
      add.mutate({
        ...common,
        provider,
        accessKeyId: values.accessKeyId.trim(),
        secretAccessKey: values.secretAccessKey,
        ...(values.roleArn.trim() && { roleArn: values.roleArn.trim() }),
      });
    } else if (provider === 'azure') {
      add.mutate({
        ...common,
        provider,
        tenantId: values.tenantId.trim(),
        clientId: values.clientId.trim(),
        clientSecret: values.clientSecret,
        subscriptionId: values.subscriptionId.trim(),
      });
    } else {
      add.mutate({ ...common, provider, serviceAccountKey: keyFile?.text ?? '' });
    }
  };

  const changeProvider = (next: string) => {
    setProvider(next as CloudProvider);
    add.reset(); // an error about the other provider's fields no longer applies
  };

  return (
    <section className="section" aria-labelledby="add-account-heading">
      <h2 id="add-account-heading">Add a cloud account</h2>
      <form className="form" onSubmit={submit} noValidate>
        <SelectField label="Cloud" value={provider} options={PROVIDERS} onChange={changeProvider} />
        <Field
          label="Name"
          value={values.name}
          onChange={set('name')}
          hint="How the account is shown here, e.g. “Data platform prod”."
          error={fieldError('name')}
        />
        <SelectField
          label="Environment"
          value={environment}
          options={ENVIRONMENTS.map((e) => ({ value: e, label: ENVIRONMENT_LABELS[e] }))}
          onChange={(e) => setEnvironment(e as Environment)}
          error={fieldError('environment')}
        />
        {provider === 'aws' && (
          <>
            <Field
              label="Access key id"
              value={values.accessKeyId}
              onChange={set('accessKeyId')}
              autoComplete="off"
              error={fieldError('accessKeyId')}
            />
            <Field
              label="Secret access key"
              type="password"
              value={values.secretAccessKey}
              onChange={set('secretAccessKey')}
              autoComplete="off"
              error={fieldError('secretAccessKey')}
            />
            <Field
              label="Role ARN (optional)"
              value={values.roleArn}
              onChange={set('roleArn')}
              hint="A role to assume with these keys, e.g. arn:aws:iam::123456789012:role/strata."
              error={fieldError('roleArn')}
            />
          </>
        )}
        {provider === 'azure' && (
          <>
            <Field
              label="Tenant id"
              value={values.tenantId}
              onChange={set('tenantId')}
              error={fieldError('tenantId')}
            />
            <Field
              label="Client id"
              value={values.clientId}
              onChange={set('clientId')}
              error={fieldError('clientId')}
            />
            <Field
              label="Client secret"
              type="password"
              value={values.clientSecret}
              onChange={set('clientSecret')}
              autoComplete="off"
              error={fieldError('clientSecret')}
            />
            <Field
              label="Subscription id"
              value={values.subscriptionId}
              onChange={set('subscriptionId')}
              error={fieldError('subscriptionId')}
            />
          </>
        )}
        {provider === 'gcp' && (
          <KeyFileField
            file={keyFile}
            onFile={setKeyFile}
            error={fieldError('serviceAccountKey')}
          />
        )}
        {verification ? (
          <div className="alert alert--error" role="alert" data-testid="verification-result">
            <strong>Not added: the check with the cloud failed.</strong>{' '}
            {cloudErrorText(verification.code, verification.problem.detail)}
          </div>
        ) : (
          Object.keys(fieldErrors).length === 0 && <ProblemMessage error={error} />
        )}
        {added && <Notice>{added}</Notice>}
        <SubmitButton
          busy={add.isPending}
          label="Verify and add"
          busyLabel="Checking with the cloud…"
        />
      </form>
    </section>
  );
}

interface KeyFileProps {
  file: { name: string; text: string } | null;
  onFile: (file: { name: string; text: string } | null) => void;
  error?: string;
}

/** The GCP service-account JSON key, read from a file the user picks (never typed in). */
function KeyFileField({ file, onFile, error }: KeyFileProps) {
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor="gcp-key-file">Service-account key file (JSON)</label>
      <input
        id="gcp-key-file"
        type="file"
        accept="application/json,.json"
        aria-describedby="gcp-key-hint"
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          const picked = event.target.files?.[0];
          if (!picked) return onFile(null);
          void picked.text().then((text) => onFile({ name: picked.name, text }));
        }}
      />
      <p id="gcp-key-hint" className="hint">
        {file
          ? `${file.name} is read; it is sent once and stored encrypted.`
          : 'IAM → Service accounts → Keys → Add key → JSON in the Google Cloud console.'}
      </p>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
