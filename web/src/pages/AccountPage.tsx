import { useEffect, useState } from 'react';
import { logOut } from '../api/endpoints';
import { Card } from '../components/Card';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { DeleteAccountSection } from '../components/DeleteAccountSection';
import { Link } from '../components/Link';
import { ProblemMessage } from '../components/ProblemMessage';
import { takeReturnPath } from '../components/return-path';
import { RoleBadge } from '../components/RoleBadge';
import { navigate } from '../components/router';
import { SessionList } from '../components/SessionList';
import { SignedInNav } from '../components/SignedInNav';
import { useMe } from '../components/use-me';
import { UsernameForm } from '../components/UsernameForm';

/** The signed-in user's account; anyone else is sent to sign in. */
export function AccountPage() {
  const { me, error, setMe } = useMe();
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const [signingOut, setSigningOut] = useState(false);

  // Google sign-in always ends here: go on to where the user was headed (an invitation, say).
  useEffect(() => {
    if (!me) return;
    const next = takeReturnPath();
    if (next && next !== '/') navigate(next, { replace: true });
  }, [me]);

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
      nav={<SignedInNav />}
      title="Your account"
      subtitle={
        <>
          Signed in as <strong data-testid="account-email">{me.email}</strong>
          {me.emailVerified && <span className="badge badge--ok">Verified</span>}
        </>
      }
    >
      {me.activeOrg && (
        <p className="active-org">
          Working in <strong>{me.activeOrg.name}</strong>
          <RoleBadge role={me.role} />
          <Link to="/org" className="active-org__link">
            Members and organizations
          </Link>
        </p>
      )}
      <UsernameForm username={me.username} onChanged={(username) => setMe({ ...me, username })} />
      <SessionList version={sessionsVersion} />
      <ChangePasswordForm onChanged={() => setSessionsVersion((v) => v + 1)} />
      <DeleteAccountSection />
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
