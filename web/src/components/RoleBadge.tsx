import { ROLE_LABELS, type Role } from '../api/roles';

/** A role as a small label, coloured by role. */
export function RoleBadge({ role }: { role: Role | null }) {
  if (!role) return null;
  return <span className={`badge badge--role badge--${role}`}>{ROLE_LABELS[role]}</span>;
}
