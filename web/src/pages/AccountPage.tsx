import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { logOut } from '../api/endpoints';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { DeleteAccountSection } from '../components/DeleteAccountSection';
import { Link } from '../components/Link';
import { RoleBadge } from '../components/RoleBadge';
import { navigate } from '../components/router';
import { SessionList } from '../components/SessionList';
import { Page } from '../components/Page';
import { useMe } from '../components/use-me';
import { UsernameForm } from '../components/UsernameForm';

/** The signed-in user's account; anyone else is sent to sign in. */
export function AccountPage() {
  const { me, setMe } = useMe();
  const client = useQueryClient();
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await logOut();
    } catch {
      // The session may already be over; the cookies are cleared either way.
    }
    client.clear();
    navigate('/login', { replace: true });
  };

  if (!me) return null;
  return (
    <Page
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
    </Page>
  );
}
