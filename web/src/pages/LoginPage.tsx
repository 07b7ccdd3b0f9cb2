import { queryClient } from '../app/query-client';
import { useEffect, useState, type FormEvent } from 'react';
import { logIn } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { Notice } from '../components/Notice';
import { ProblemMessage } from '../components/ProblemMessage';
import { ResendForm } from '../components/ResendForm';
import { rememberReturnPath, safeReturnPath } from '../components/return-path';
import { navigate, useLocation } from '../components/router';
import { SubmitButton } from '../components/SubmitButton';

/** What the Google sign-in callback means by `/login?error=<code>`. */
const GOOGLE_ERRORS: Record<string, string> = {
  'auth.google_state_mismatch':
    'Google sign-in could not be completed: it was started in another tab or browser, or took too long. Please try again.',
  'auth.google_denied':
    'Google sign-in was cancelled. Try again, or sign in with your email and password.',
  'auth.google_failed': 'Google sign-in did not work this time. Please try again.',
  'auth.google_email_unverified':
    'Google has not verified this email address, so it cannot be used to sign in here. Verify it with Google, or sign in with your email and password.',
  'auth.google_account_conflict':
    'This email address belongs to an account that is linked to a different Google account.',
  'auth.account_disabled': 'This account is disabled.',
};

function signInErrorMessage(search: string): string | null {
  const code = new URLSearchParams(search).get('error');
  if (!code) return null;
  return GOOGLE_ERRORS[code] ?? 'Sign-in could not be completed. Please try again.';
}

export function LoginPage() {
  const { search } = useLocation();
  // Read once: the address is cleaned up below, and a reload should not show it again.
  const [redirectError, setRedirectError] = useState(() => signInErrorMessage(search));
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    if (!params.has('error')) return;
    params.delete('error');
    const rest = params.toString();
    navigate(rest ? `/login?${rest}` : '/login', { replace: true });
  }, []);
  const next = safeReturnPath(new URLSearchParams(search).get('next'));
  const deleted = new URLSearchParams(search).get('deleted') === '1';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setRedirectError(null);
    try {
      await logIn(email, password);
      queryClient.clear();
      navigate(next ?? '/');
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  const unverified = error?.code === 'auth.email_not_verified';
  return (
    <Card
      title="Sign in"
      subtitle={
        next?.startsWith('/invitations/') ? 'Sign in to accept the invitation.' : 'Welcome back.'
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {deleted && <Notice>Your account was deleted.</Notice>}
        {redirectError && (
          <div className="alert alert--error" role="alert">
            {redirectError}
          </div>
        )}
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
      <p className="footer-links">
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      {unverified && <ResendForm initialEmail={email} />}
      <p className="footer-links">
        {/* A full page load on purpose: the server redirects to Google. */}
        <a
          href="/api/v1/auth/google"
          className="button button--secondary"
          onClick={() => rememberReturnPath(next)}
        >
          Continue with Google
        </a>
      </p>
      <p className="footer-links">
        New to Strata?{' '}
        <Link to={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>
          Create an account
        </Link>
      </p>
    </Card>
  );
}
