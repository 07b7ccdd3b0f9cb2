import { useEffect, useState } from 'react';
import { getMe, logOut, type Me } from '../api/endpoints';
import { toApiError, type ApiError } from '../api/problem';
import { Card } from '../components/Card';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { ProblemMessage } from '../components/ProblemMessage';
import { navigate } from '../components/router';
import { SessionList } from '../components/SessionList';

/** The signed-in user's account; anyone else is sent to sign in. */
export function AccountPage() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    let live = true;
    getMe().then(
      (user) => live && setMe(user),
      (caught: unknown) => {
        if (!live) return;
        const apiError = toApiError(caught);
        if (apiError.status === 401) navigate('/login', { replace: true });
        else setError(apiError);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await logOut();
    } catch {
      // The session may already be over; the cookies are cleared either way.
    }
    navigate('/login', { replace: true });
  };

  if (!me) {
    return (
      <Card title="Your account">
        {error ? <ProblemMessage error={error} /> : <p className="muted">Loading…</p>}
      </Card>
    );
  }
  return (
    <Card
      wide
      title="Your account"
      subtitle={
        <>
          Signed in as <strong data-testid="account-email">{me.email}</strong>
          {me.emailVerified && <span className="badge badge--ok">Verified</span>}
        </>
      }
    >
      <SessionList version={sessionsVersion} />
      <ChangePasswordForm onChanged={() => setSessionsVersion((v) => v + 1)} />
      <div className="section section--actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={signingOut}
          onClick={signOut}
        >
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </Card>
  );
}
