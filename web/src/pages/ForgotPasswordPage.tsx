import { useState, type FormEvent } from 'react';
import { requestPasswordReset } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { Notice } from '../components/Notice';
import { ProblemMessage } from '../components/ProblemMessage';
import { SubmitButton } from '../components/SubmitButton';

/** Step one of a forgotten password: the address to send the reset link to. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const reply = await requestPasswordReset(email);
      setSent(reply.message);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  return (
    <Card title="Forgot your password?" subtitle="We will email you a link to choose a new one.">
      {sent ? (
        <Notice>{sent} The link works once and expires soon; check your spam folder too.</Notice>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <ProblemMessage error={error} />
          <Field
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={setEmail}
            error={fields.email}
          />
          <SubmitButton busy={busy} label="Send reset link" busyLabel="Sending…" />
        </form>
      )}
      <p className="footer-links">
        <Link to="/login">Back to sign in</Link>
      </p>
    </Card>
  );
}
