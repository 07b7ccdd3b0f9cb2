import { useState, type FormEvent } from 'react';
import { deleteAccount } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Field } from './Field';
import { Link } from './Link';
import { ProblemMessage } from './ProblemMessage';
import { navigate } from './router';
import { SubmitButton } from './SubmitButton';

/** Deleting the account: first a button, then the password to confirm it. */
export function DeleteAccountSection() {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deleteAccount(password);
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
          <Field
            label="Your password, to confirm"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={setPassword}
            error={fields.password}
          />
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
