import { useEffect, useState } from 'react';
import { verifyEmail } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { Link } from '../components/Link';
import { ResendForm } from '../components/ResendForm';

type State =
  { status: 'verifying' } | { status: 'verified' } | { status: 'failed'; error: ApiError };

/** Tokens are single-use: one request per token, even if the effect runs twice. */
const attempts = new Map<string, Promise<unknown>>();

export function VerifyEmailPage({ search }: { search: string }) {
  const token = new URLSearchParams(search).get('token');
  const [state, setState] = useState<State>({ status: 'verifying' });

  useEffect(() => {
    if (!token) return;
    let attempt = attempts.get(token);
    if (!attempt) {
      attempt = verifyEmail(token);
      attempts.set(token, attempt);
    }
    let live = true;
    attempt.then(
      () => live && setState({ status: 'verified' }),
      (error: unknown) => live && setState({ status: 'failed', error: toApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [token]);

  if (!token) {
    return (
      <Card title="Verification link incomplete">
        <p>This link has no token. Open the link from the email again, or ask for a new one.</p>
        <ResendForm />
      </Card>
    );
  }
  if (state.status === 'verifying') {
    return (
      <Card title="Confirming your email…">
        <p className="muted">One moment.</p>
      </Card>
    );
  }
  if (state.status === 'verified') {
    return (
      <Card title="Email confirmed">
        <p>Your email address is confirmed. You can sign in now.</p>
        <p className="footer-links">
          <Link to="/login" className="button button--primary">
            Sign in
          </Link>
        </p>
      </Card>
    );
  }
  return (
    <Card title="We couldn't confirm your email">
      <div className="alert alert--error" role="alert">
        {state.error.problem.detail}
      </div>
      <ResendForm />
    </Card>
  );
}
