import { useState } from 'react';
import { InviteForm } from '../components/InviteForm';
import { LeaveOrgSection } from '../components/LeaveOrgSection';
import { MemberList } from '../components/MemberList';
import { OrgNameForm } from '../components/OrgNameForm';
import { OrgSwitcher } from '../components/OrgSwitcher';
import { Page } from '../components/Page';
import { PendingInvitations } from '../components/PendingInvitations';
import { RoleBadge } from '../components/RoleBadge';
import { useMe } from '../components/use-me';
import { can } from '../api/roles';

/**
 * The active organization: its members, invitations and name for those whose role allows them,
 * leaving it, and every organization of mine to switch to or create.
 */
export function OrgPage() {
  const { me, reload } = useMe();
  const [invited, setInvited] = useState(0);
  const [membersChanged, setMembersChanged] = useState(0);
  if (!me) return null;
  const org = me.activeOrg;
  const role = me.role;
  return (
    <Page
      pageTitle={org?.name ?? 'Organization'}
      title={<span data-testid="org-name">{org?.name ?? 'No organization'}</span>}
      subtitle={
        org && (
          <>
            Your role here <RoleBadge role={role} />
          </>
        )
      }
    >
      {org && (
        <div key={org.id}>
          <MemberList
            orgId={org.id}
            myId={me.id}
            myRole={role}
            onChanged={() => {
              setMembersChanged((n) => n + 1);
              void reload();
            }}
          />
          {can(role, 'members.invite') ? (
            <InviteForm orgId={org.id} myRole={role} onInvited={() => setInvited((n) => n + 1)} />
          ) : (
            <p className="hint hint--block">
              Admins and owners invite people and change roles; your role lets you see the members.
            </p>
          )}
          {can(role, 'invitations.read') && (
            <PendingInvitations orgId={org.id} myRole={role} version={invited} />
          )}
          {can(role, 'org.update') && <OrgNameForm org={org} onRenamed={reload} />}
          <LeaveOrgSection org={org} onLeft={reload} version={membersChanged} />
        </div>
      )}
      <OrgSwitcher version={`${org?.id}/${org?.name}/${role}`} onSwitched={reload} />
    </Page>
  );
}
