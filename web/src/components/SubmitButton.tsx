interface Props {
  busy: boolean;
  label: string;
  busyLabel?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  /** Not busy, just nothing to submit yet. */
  disabled?: boolean;
}

export function SubmitButton({ busy, label, busyLabel, variant = 'primary', disabled }: Props) {
  return (
    <button type="submit" className={`button button--${variant}`} disabled={busy || disabled}>
      {busy ? (busyLabel ?? `${label}…`) : label}
    </button>
  );
}
