import { ROLE_LABELS, type Role } from '../api/roles';

interface Props {
  id?: string;
  label?: string;
  value: Role;
  roles: Role[];
  disabled?: boolean;
  onChange: (role: Role) => void;
}

/** A role picker offering only `roles` (the ones the signed-in user may hand out). */
export function RoleSelect({ id, label, value, roles, disabled, onChange }: Props) {
  return (
    <select
      id={id}
      className="select"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as Role)}
    >
      {roles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
