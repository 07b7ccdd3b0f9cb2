import { useEffect, useState } from 'react';
import { getMe } from '../api/endpoints';
import {
  acceptInvitation,
  switchOrganization,
  type AcceptedInvitation,
} from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { ROLE_LABELS } from '../api/roles';
import { Card } from '../components/Card';
import { Link } from '../components/Link';
import { ProblemMessage } from '../components/ProblemMessage';
import { loginPath } from '../components/return-path';
import { navigate } from '../components/router';

type State =
  | { status: 'accepting' }
  | { status: 'accepted'; invitation: AcceptedInvitation }
  | { status: 'failed'; error: ApiError };

/**
 * Invitations are single-use: one accept per token, even if the effect runs twice. A visitor who
 * is not signed in is sent to sign in and comes back here.
 */
const attempts = new Map<string, Promise<AcceptedInvitation | null>>();

function accept(token: string): Promise<AcceptedInvitation | null> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = getMe().then(
      () => acceptInvitation(token),
      (error: unknown) => {
        if (toApiError(error).status === 401) return null;
        throw error;
      },
    );
    attempts.set(token, attempt);
    // A signed-out visit is tried again after signing in.
    void attempt.then((result) => result === null && attempts.delete(token)).catch(() => {});
  }
  return attempt;
}

export function AcceptInvitationPage({ search }: { search: string }) {
  const token = new URLSearchParams(search).get('token');
  const [state, setState] = useState<State>({ status: 'accepting' });
  const [switching, setSwitching] = useState(false);
  const [switchError, setSwitchError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    accept(token).then(
      (invitation) => {
        if (!live) return;
        if (invitation) setState({ status: 'accepted', invitation });
        else
          navigate(loginPath(`/invitations/accept?token=${encodeURIComponent(token)}`), {
            replace: true,
          });
      },
      (error: unknown) => live && setState({ status: 'failed', error: toApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [token]);

  if (!token) {
    return (
      <Card title="Invitation link incomplete">
        <p>This link has no token. Open the link from the invitation email again.</p>
      </Card>
    );
  }
  if (state.status === 'accepting') {
    return (
      <Card title="Accepting the invitation…">
        <p className="muted">One moment.</p>
      </Card>
    );
  }
  if (state.status === 'failed') {
    return (
      <Card title="This invitation cannot be used">
        <ProblemMessage error={state.error} />
        {state.error.fieldErrors().token && (
          <p className="hint hint--block">The link is damaged: copy it from the email again.</p>
        )}
        <p className="footer-links">
          <Link to="/">Go to your account</Link>
        </p>
      </Card>
    );
  }

  const { invitation } = state;
  const switchNow = async () => {
    setSwitching(true);
    setSwitchError(null);
    try {
      await switchOrganization(invitation.orgId);
      navigate('/org');
    } catch (caught) {
      setSwitchError(toApiError(caught));
      setSwitching(false);
    }
  };
  return (
    <Card title={`You joined ${invitation.orgName}`}>
      <p>
        You are a member of <strong>{invitation.orgName}</strong>
        {invitation.role && <> with the role {ROLE_LABELS[invitation.role].toLowerCase()}</>}.
      </p>
      <ProblemMessage error={switchError} />
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          disabled={switching}
          onClick={() => void switchNow()}
        >
          {switching ? 'Switching…' : `Switch to ${invitation.orgName}`}
        </button>
        <Link to="/org" className="button button--secondary">
          Stay in my current organization
        </Link>
      </div>
    </Card>
  );
}
