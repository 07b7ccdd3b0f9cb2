interface Props {
  busy: boolean;
  label: string;
  busyLabel?: string;
  variant?: 'primary' | 'secondary';
}

export function SubmitButton({ busy, label, busyLabel, variant = 'primary' }: Props) {
  return (
    <button type="submit" className={`button button--${variant}`} disabled={busy}>
      {busy ? (busyLabel ?? `${label}…`) : label}
    </button>
  );
}
