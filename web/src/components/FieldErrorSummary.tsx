interface Props {
  /** The refused fields' messages, by field name. */
  errors: Record<string, string>;
  /** The form's label of each field name. */
  labels: Record<string, string>;
}

/**
 * Every refused field of a form at once, by its label, above the form (each message is also
 * beside its field): nothing waits for another round trip, and a field in a collapsed section is
 * not missed.
 */
export function FieldErrorSummary({ errors, labels }: Props) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="field-summary" data-testid="field-error-summary">
      <p>
        {entries.length === 1
          ? 'One field needs a change:'
          : `${entries.length} fields need a change:`}
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <strong>{labels[field] ?? field}</strong>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}
