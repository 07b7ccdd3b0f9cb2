import type { PendingInvitation } from '../api/organizations';
import { ConfirmButton } from './ConfirmButton';
import { relativeTime } from './relative-time';
import { RoleBadge } from './RoleBadge';

interface Props {
  invitation: PendingInvitation;
  canRevoke: boolean;
  busy: boolean;
  onRevoke: (invitation: PendingInvitation) => void;
}

const When = ({ iso }: { iso: string }) => (
  <time dateTime={iso} title={new Date(iso).toLocaleString()}>
    {relativeTime(iso)}
  </time>
);

/** One pending invitation: to whom, with which role, by whom and when; revoke after a confirm. */
export function PendingInvitationRow({ invitation, canRevoke, busy, onRevoke }: Props) {
  const { email } = invitation;
  return (
    <tr data-testid="invitation-row" data-email={email}>
      <td className="member__who">
        <span className="member__name">{email}</span>
        {invitation.invitedBy.username && (
          <span className="member__email">invited by {invitation.invitedBy.username}</span>
        )}
      </td>
      <td className="member__role">
        <RoleBadge role={invitation.role} />
      </td>
      <td className="member__joined">
        <When iso={invitation.createdAt} />
      </td>
      <td className="member__joined">
        <When iso={invitation.expiresAt} />
      </td>
      <td className="member__actions">
        {canRevoke && (
          <ConfirmButton
            label="Revoke"
            ariaLabel={`Revoke the invitation to ${email}`}
            confirmAriaLabel={`Confirm revoking the invitation to ${email}`}
            busy={busy}
            onConfirm={() => onRevoke(invitation)}
          />
        )}
      </td>
    </tr>
  );
}
