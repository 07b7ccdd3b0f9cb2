import { useState, type FormEvent } from 'react';
import { resendVerification } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { SubmitButton } from './SubmitButton';

/** Asks for a new verification link. */
export function ResendForm({ initialEmail = '' }: { initialEmail?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await resendVerification(email);
      setSent(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return <Notice>If the address can be used, a new link is on its way. Check your email.</Notice>;
  }
  const fields = error?.fieldErrors() ?? {};
  return (
    <form className="form form--inset" onSubmit={submit} aria-label="Resend verification email">
      <h2>Send a new link</h2>
      <ProblemMessage error={error} />
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={setEmail}
        error={fields.email}
      />
      <SubmitButton
        busy={busy}
        label="Resend verification email"
        busyLabel="Sending…"
        variant="secondary"
      />
    </form>
  );
}
