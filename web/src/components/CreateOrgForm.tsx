import { useState, type FormEvent } from 'react';
import { createOrganization, type Organization } from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { ProblemMessage } from './ProblemMessage';
import { SubmitButton } from './SubmitButton';

/** Creates an organization, of which I become the owner. */
export function CreateOrgForm({ onCreated }: { onCreated: (org: Organization) => Promise<void> }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const org = await createOrganization(name.trim());
      setName('');
      await onCreated(org);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  return (
    <form className="form form--inset" onSubmit={submit} aria-label="Create an organization">
      <h3>Create an organization</h3>
      <ProblemMessage error={error} />
      <Field
        label="New organization name"
        required
        maxLength={100}
        value={name}
        onChange={setName}
        error={fields.name}
      />
      <SubmitButton
        busy={busy}
        disabled={!name.trim()}
        label="Create organization"
        busyLabel="Creating…"
        variant="secondary"
      />
    </form>
  );
}
