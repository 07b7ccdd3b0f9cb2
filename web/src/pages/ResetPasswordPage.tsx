import { useState, type FormEvent } from 'react';
import { resetPassword } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { ProblemMessage } from '../components/ProblemMessage';
import { SubmitButton } from '../components/SubmitButton';

/** Step two: the emailed link lands here; the token stays in the page until it is submitted. */
export function ResetPasswordPage({ search }: { search: string }) {
  const token = new URLSearchParams(search).get('token');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (!token) {
    return (
      <Card title="Reset link incomplete">
        <p>This link has no token. Open the link from the email again, or ask for a new one.</p>
        <p className="footer-links">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </Card>
    );
  }
  if (done) {
    return (
      <Card title="Password changed">
        <p>Your new password is set, and you were signed out everywhere. Sign in with it now.</p>
        <p className="footer-links">
          <Link to="/login" className="button button--primary">
            Sign in
          </Link>
        </p>
      </Card>
    );
  }
  const fields = error?.fieldErrors() ?? {};
  const linkDead = error?.code === 'auth.reset_token_invalid';
  return (
    <Card title="Choose a new password">
      <form className="form" onSubmit={submit} noValidate>
        <ProblemMessage error={error} />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          hint="8 to 128 characters. Every session of your account will be signed out."
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        <SubmitButton busy={busy} label="Set new password" busyLabel="Saving…" />
      </form>
      {linkDead && (
        <p className="footer-links">
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </Card>
  );
}
