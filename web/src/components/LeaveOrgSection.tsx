import { useState } from 'react';
import { leaveOrganization, listOrganizations, switchOrganization } from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  org: { id: string; name: string };
  onLeft: () => Promise<void>;
}

/**
 * Leaves the active organization, then switches to another of mine (the personal one first), so
 * the next token names an organization I belong to. The last owner is refused (409).
 */
export function LeaveOrgSection({ org, onLeft }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      await leaveOrganization(org.id);
      const rest = (await listOrganizations()).filter((o) => o.id !== org.id);
      const next = rest.find((o) => o.personal) ?? rest[0];
      if (next) await switchOrganization(next.id);
      await onLeft();
    } catch (caught) {
      setError(toApiError(caught));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave {org.name}</h2>
      <ProblemMessage error={error} />
      {confirming ? (
        <div className="confirm">
          <span>You will lose access to {org.name} until someone invites you again.</span>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void leave()}
          >
            {busy ? 'Leaving…' : 'Yes, leave'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
        >
          Leave organization
        </button>
      )}
    </section>
  );
}
