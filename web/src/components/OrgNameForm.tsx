import { useState, type FormEvent } from 'react';
import { renameOrganization } from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SubmitButton } from './SubmitButton';

interface Props {
  org: { id: string; name: string };
  onRenamed: () => void;
}

/** Renames the active organization (admins and owners). */
export function OrgNameForm({ org, onRenamed }: Props) {
  const [name, setName] = useState(org.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const renamed = await renameOrganization(org.id, name.trim());
      setName(renamed.name);
      setDone(true);
      onRenamed();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  return (
    <section className="section" aria-labelledby="org-name-heading">
      <h2 id="org-name-heading">Name</h2>
      <form className="form" onSubmit={submit}>
        {done && <Notice>The organization is now called {name}.</Notice>}
        <ProblemMessage error={error} />
        <Field
          label="Organization name"
          required
          maxLength={100}
          value={name}
          onChange={(value) => {
            setName(value);
            setDone(false);
          }}
          error={fields.name}
        />
        <SubmitButton
          busy={busy}
          disabled={!name.trim() || name.trim() === org.name}
          label="Rename"
          busyLabel="Renaming…"
          variant="secondary"
        />
      </form>
    </section>
  );
}
