import { useCallback, useEffect, useState } from 'react';
import {
  listPendingInvitations,
  revokeInvitation,
  type PendingInvitation,
} from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { can, type Role } from '../api/roles';
import { ListTable } from './ListTable';
import { Notice } from './Notice';
import { PendingInvitationRow } from './PendingInvitationRow';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  orgId: string;
  myRole: Role | null;
  /** Changes when an invitation was sent, so the list is read again. */
  version: number;
}

/** The active organization's pending invitations (admins and owners), each revocable. */
export function PendingInvitations({ orgId, myRole, version }: Props) {
  const [items, setItems] = useState<PendingInvitation[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await listPendingInvitations(orgId);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, [orgId]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const more = async () => {
    setBusy(true);
    try {
      const page = await listPendingInvitations(orgId, nextCursor);
      setItems((list) => [...(list ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (invitation: PendingInvitation) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await revokeInvitation(orgId, invitation.id);
      setItems((list) => list && list.filter((i) => i.id !== invitation.id));
      setNotice(`The invitation to ${invitation.email} was revoked: its link no longer works.`);
    } catch (caught) {
      setError(toApiError(caught));
      await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="invitations-heading">
      <div className="section__header">
        <h2 id="invitations-heading">
          Pending invitations{items && <span className="count">{items.length}</span>}
        </h2>
      </div>
      <ProblemMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      {items === null ? (
        !error && <p className="muted">Loading invitations…</p>
      ) : items.length === 0 ? (
        <p className="muted" data-testid="no-invitations">
          No pending invitations.
        </p>
      ) : (
        <ListTable columns={['Email', 'Role', 'Invited', 'Expires']}>
          {items.map((invitation) => (
            <PendingInvitationRow
              key={invitation.id}
              invitation={invitation}
              canRevoke={can(myRole, 'invitations.revoke')}
              busy={busy}
              onRevoke={revoke}
            />
          ))}
        </ListTable>
      )}
      {nextCursor && (
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy}
          onClick={() => void more()}
        >
          Show more
        </button>
      )}
    </section>
  );
}
