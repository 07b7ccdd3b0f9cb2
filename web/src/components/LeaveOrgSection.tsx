import { useEffect, useState } from 'react';
import {
  getOrganization,
  leaveOrganization,
  listOrganizations,
  switchOrganization,
} from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { mayLeave } from './may-leave';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  org: { id: string; name: string };
  onLeft: () => Promise<void>;
  /** Changes when the members change (the member count is read again). */
  version: number;
}

/**
 * Leaves the active organization, then switches to another of mine (the personal one first), so
 * the next token names an organization I belong to. The last owner is refused (409); leaving a
 * personal organization is not offered to its owner while they are its only member.
 */
export function LeaveOrgSection({ org, onLeft, version }: Props) {
  /** Until the organization is read, nothing; a personal one of mine alone says why not. */
  const [offer, setOffer] = useState<'unknown' | 'offered' | 'personal'>('unknown');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    void getOrganization(org.id).then(
      (details) => {
        if (live) setOffer(mayLeave(details) ? 'offered' : 'personal');
      },
      // Not known: offered; the API refuses the last owner with its reason.
      () => {
        if (live) setOffer('offered');
      },
    );
    return () => {
      live = false;
    };
  }, [org.id, version]);

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

  if (offer === 'unknown') return null;
  if (offer === 'personal') {
    return (
      <p className="hint hint--block">
        {org.name} is your personal organization: it stays yours until you delete your account.
      </p>
    );
  }
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
