import type { Organization } from '../api/organizations';
import { RoleBadge } from './RoleBadge';

interface Props {
  org: Organization;
  busy: boolean;
  onSwitch: (org: Organization) => void;
}

/** One of my organizations: its name, my role in it, and a switch unless it is the active one. */
export function OrgItem({ org, busy, onSwitch }: Props) {
  return (
    <li className="org" data-active={org.active || undefined} data-testid="org-item">
      <div className="org__main">
        <span className="org__name">{org.name}</span>
        <RoleBadge role={org.role} />
        {org.personal && <span className="badge badge--plain">Personal</span>}
      </div>
      {org.active ? (
        <span className="org__active">Active</span>
      ) : (
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy}
          aria-label={`Switch to ${org.name}`}
          onClick={() => onSwitch(org)}
        >
          Switch
        </button>
      )}
    </li>
  );
}
