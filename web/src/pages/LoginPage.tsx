import { useState, type FormEvent } from 'react';
import { logIn } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { ProblemMessage } from '../components/ProblemMessage';
import { ResendForm } from '../components/ResendForm';
import { navigate } from '../components/router';
import { SubmitButton } from '../components/SubmitButton';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(email, password);
      navigate('/');
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  const unverified = error?.code === 'auth.email_not_verified';
  return (
    <Card title="Sign in" subtitle="Welcome back.">
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
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        <SubmitButton busy={busy} label="Sign in" busyLabel="Signing in…" />
      </form>
      {unverified && <ResendForm initialEmail={email} />}
      <p className="footer-links">
        New to Strata? <Link to="/signup">Create an account</Link>
      </p>
    </Card>
  );
}
