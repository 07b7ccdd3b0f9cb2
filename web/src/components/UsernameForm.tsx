import { useState, type FormEvent } from 'react';
import { changeUsername } from '../api/usernames';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SubmitButton } from './SubmitButton';
import { useUsernameCheck } from './use-username-check';

/** Problems that belong beside the field rather than above the form. */
const FIELD_CODES = new Set(['accounts.username_taken', 'accounts.username_invalid']);

interface Props {
  username: string;
  onChanged: (username: string) => void;
}

/** Shows the username and takes a new one, checking availability as the user types. */
export function UsernameForm({ username, onChanged }: Props) {
  const [value, setValue] = useState(username);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const status = useUsernameCheck(value, username);

  const edit = (next: string) => {
    setValue(next);
    setError(null);
    setChangedTo(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setChangedTo(null);
    try {
      const reply = await changeUsername(value.trim());
      setValue(reply.username);
      setChangedTo(reply.username);
      onChanged(reply.username);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const besideField = error && FIELD_CODES.has(error.code) ? error : null;
  const unchanged = value.trim().toLowerCase() === username;
  return (
    <section className="section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <form className="form" onSubmit={submit}>
        {changedTo && <Notice>Your username is now {changedTo}.</Notice>}
        <ProblemMessage error={besideField ? null : error} />
        <Field
          label="Username"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={30}
          hint="3 to 30 characters: lowercase letters, digits, _ and -, starting with a letter."
          value={value}
          onChange={edit}
          status={error ? null : status}
          error={besideField?.problem.detail}
        />
        <SubmitButton busy={busy} disabled={unchanged} label="Save username" busyLabel="Saving…" />
      </form>
    </section>
  );
}
