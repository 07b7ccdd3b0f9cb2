import { queryClient } from '../app/query-client';
import { useState, type FormEvent } from 'react';
import { deleteAccount } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { Link } from './Link';
import { ProblemMessage } from './ProblemMessage';
import { navigate, useLocation } from './router';
import { SubmitButton } from './SubmitButton';

/**
 * Deleting the account: first a button, then the password to confirm it — or, for an account
 * that signs in with Google, a fresh Google sign-in (which comes back here with `?reauth=google`).
 */
export function DeleteAccountSection() {
  const reauth = new URLSearchParams(useLocation().search).get('reauth');
  const [confirming, setConfirming] = useState(reauth !== null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deleteAccount(reauth === 'google' ? undefined : password);
      queryClient.clear();
      navigate('/login?deleted=1', { replace: true });
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const fields = error?.fieldErrors() ?? {};
  return (
    <section className="section" aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete account</h2>
      <p className="muted">
        Your sign-in, sessions, profile, memberships and notifications are erased; organizations
        only you are in go with them. This cannot be undone.
      </p>
      {!confirming ? (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form className="form" onSubmit={submit}>
          <ProblemMessage error={error} />
          {error?.code === 'accounts.last_owner' && (
            <p>
              <Link to="/org">Manage your organizations</Link>
            </p>
          )}
          {reauth === 'failed' && (
            <div className="alert alert--error" role="alert">
              Google could not confirm it is you (another Google account, or the sign-in did not
              finish). Try again, or use your password.
            </div>
          )}
          {reauth === 'google' ? (
            <p>Google confirmed it is you. Delete the account now?</p>
          ) : (
            <>
              <Field
                label="Your password, to confirm"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={setPassword}
                error={fields.password}
              />
              <p className="muted">
                Signed up with Google and no password?{' '}
                {/* A full page load on purpose: the server redirects to Google. */}
                <a href="/api/v1/auth/google/reauth">Confirm with Google instead</a>
              </p>
            </>
          )}
          <div className="section--actions">
            <SubmitButton
              busy={busy}
              variant="danger"
              label="Delete my account for good"
              busyLabel="Deleting…"
            />
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
