import type { Member } from '../api/organizations';
import { can, canAssignRole, ROLES, type Role } from '../api/roles';
import { ConfirmButton } from './ConfirmButton';
import { relativeTime } from './relative-time';
import { RoleBadge } from './RoleBadge';
import { RoleSelect } from './RoleSelect';

interface Props {
  member: Member;
  /** The signed-in user's id and role in this organization. */
  myId: string;
  myRole: Role | null;
  busy: boolean;
  onChangeRole: (member: Member, role: Role) => void;
  onRemove: (member: Member) => void;
}

/** One member: who, their role (a picker when mine allows changing it), when they joined. */
export function MemberRow({ member, myId, myRole, busy, onChangeRole, onRemove }: Props) {
  const me = member.userId === myId;
  const role = member.role;
  const roles = role ? ROLES.filter((to) => to === role || canAssignRole(myRole, role, to)) : [];
  // Removing oneself is leaving (below the list); only owners remove owners.
  const removable =
    !me &&
    role !== null &&
    can(myRole, 'members.remove') &&
    (role !== 'owner' || myRole === 'owner');

  return (
    <tr data-testid="member-row" data-username={member.username}>
      <td className="member__who">
        <span className="member__name">{member.username}</span>
        {me && <span className="badge">You</span>}
        <span className="member__email">{member.email}</span>
      </td>
      <td className="member__role">
        {role && roles.length > 1 ? (
          <RoleSelect
            label={`Role of ${member.username}`}
            value={role}
            roles={roles}
            disabled={busy}
            onChange={(to) => onChangeRole(member, to)}
          />
        ) : (
          <RoleBadge role={role} />
        )}
      </td>
      <td className="member__joined">
        <time dateTime={member.joinedAt} title={new Date(member.joinedAt).toLocaleString()}>
          {relativeTime(member.joinedAt)}
        </time>
      </td>
      <td className="member__actions">
        {removable && (
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove ${member.username}`}
            confirmAriaLabel={`Confirm removing ${member.username}`}
            busy={busy}
            onConfirm={() => onRemove(member)}
          />
        )}
      </td>
    </tr>
  );
}
