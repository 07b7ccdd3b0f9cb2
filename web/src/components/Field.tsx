import { useId, type InputHTMLAttributes } from 'react';

export interface FieldStatus {
  tone: 'ok' | 'bad' | 'pending';
  text: string;
}

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  /** A live note about the value as typed (an availability check), announced politely. */
  status?: FieldStatus | null;
  error?: string;
}

/** A labelled input with an optional hint and the server's message for this field. */
export function Field({ label, value, onChange, hint, status, error, ...input }: Props) {
  const id = useId();
  const describedBy = [
    hint && `${id}-hint`,
    status !== undefined && `${id}-status`,
    error && `${id}-error`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={error || status?.tone === 'bad' ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error || status?.tone === 'bad' ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {status !== undefined && (
        <p
          id={`${id}-status`}
          className={status ? `field-status field-status--${status.tone}` : 'field-status'}
          aria-live="polite"
        >
          {status?.text}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
