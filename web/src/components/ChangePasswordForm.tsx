import { useState, type FormEvent } from 'react';
import { changePassword } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SubmitButton } from './SubmitButton';

/** Current + new password; the server ends every other session and sends fresh tokens. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await changePassword(currentPassword, newPassword);
      setCurrentPassword('');
      setNewPassword('');
      setDone(true);
      onChanged();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  return (
    <section className="section" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form className="form" onSubmit={submit}>
        {done && <Notice>Password changed. Your other sessions were signed out.</Notice>}
        <ProblemMessage error={error} />
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={setCurrentPassword}
          error={fields.currentPassword}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          hint="8 to 128 characters."
          value={newPassword}
          onChange={setNewPassword}
          error={fields.newPassword}
        />
        <SubmitButton busy={busy} label="Change password" busyLabel="Changing…" />
      </form>
    </section>
  );
}
