import { useCallback, useEffect, useState } from 'react';
import { changeMemberRole, listMembers, removeMember, type Member } from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { ROLE_LABELS, type Role } from '../api/roles';
import { ListTable } from './ListTable';
import { MemberRow } from './MemberRow';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  orgId: string;
  myId: string;
  myRole: Role | null;
  /** After a change that may have changed what I may do (my own role, a refused call). */
  onChanged: () => void;
}

/** The active organization's members, with role changes and removal where my role allows. */
export function MemberList({ orgId, myId, myRole, onChanged }: Props) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setMembers(await listMembers(orgId));
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, [orgId]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs a change, shows its outcome in the list, then says what happened. */
  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    let message: string | null = null;
    try {
      message = await action();
    } catch (caught) {
      setError(toApiError(caught));
    }
    await load();
    setNotice(message);
    setBusy(false);
    onChanged();
  };

  const changeRole = (member: Member, role: Role) =>
    act(async () => {
      const updated = await changeMemberRole(orgId, member.userId, role);
      setMembers((list) => list && list.map((m) => (m.userId === updated.userId ? updated : m)));
      return `${member.username} is now ${ROLE_LABELS[role].toLowerCase()}.`;
    });
  const remove = (member: Member) =>
    act(async () => {
      await removeMember(orgId, member.userId);
      setMembers((list) => list && list.filter((m) => m.userId !== member.userId));
      return `${member.username} was removed from the organization.`;
    });

  const refresh = () => {
    setError(null);
    setNotice(null);
    void load();
  };

  return (
    <section className="section" aria-labelledby="members-heading">
      <div className="section__header">
        <h2 id="members-heading">
          Members{members && <span className="count">{members.length}</span>}
        </h2>
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy}
          onClick={refresh}
        >
          Refresh
        </button>
      </div>
      <ProblemMessage error={error} />
      {notice && <Notice>{notice}</Notice>}
      {members === null ? (
        !error && <p className="muted">Loading members…</p>
      ) : (
        <ListTable columns={['Member', 'Role', 'Joined']}>
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              member={member}
              myId={myId}
              myRole={myRole}
              busy={busy}
              onChangeRole={changeRole}
              onRemove={remove}
            />
          ))}
        </ListTable>
      )}
    </section>
  );
}
