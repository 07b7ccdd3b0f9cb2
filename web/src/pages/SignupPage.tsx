import { useState, type FormEvent } from 'react';
import { signUp } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { plainFieldMessages } from '../components/field-messages';
import { loginPath, safeReturnPath } from '../components/return-path';
import { useLocation } from '../components/router';
import { ProblemMessage } from '../components/ProblemMessage';
import { SubmitButton } from '../components/SubmitButton';

export function SignupPage() {
  const { search } = useLocation();
  const signIn = loginPath(safeReturnPath(new URLSearchParams(search).get('next')) ?? '/');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signUp(email, password);
      setSentTo(email.trim());
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <Card title="Check your email">
        <p>
          If <strong>{sentTo}</strong> can be used, a verification link is on its way to it. Open
          the link to confirm your address, then sign in.
        </p>
        <p className="footer-links">
          <Link to={signIn}>Go to sign in</Link>
        </p>
      </Card>
    );
  }

  const fields = plainFieldMessages(error?.fieldErrors() ?? {});
  return (
    <Card title="Create your account" subtitle="Sign up with your email address.">
      <form className="form" onSubmit={submit} noValidate>
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
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={128}
          hint="8 to 128 characters."
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        <SubmitButton busy={busy} label="Sign up" busyLabel="Signing up…" />
      </form>
      <p className="footer-links">
        Already have an account? <Link to={signIn}>Sign in</Link>
      </p>
    </Card>
  );
}
