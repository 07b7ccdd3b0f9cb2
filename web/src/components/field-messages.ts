/** The sentence for an email the app or the API refused. */
export const EMAIL_MESSAGE = 'Enter an email address, like name@example.com.';

const PASSWORD_MESSAGES: [RegExp, string][] = [
  [/at least (\d+)/, 'Enter a password of at least $1 characters.'],
  [/at most (\d+)/, 'Use a password of at most $1 characters.'],
  [/required/, 'Enter a password.'],
];

/**
 * The API's field message (`must be at least 8 characters`, meant for developers) as a plain
 * sentence for the person at the form; unknown ones are capitalised and end with a full stop.
 */
export function plainFieldMessage(field: string, message: string): string {
  if (field === 'email') return EMAIL_MESSAGE;
  if (field === 'password') {
    for (const [pattern, sentence] of PASSWORD_MESSAGES) {
      const match = pattern.exec(message);
      if (match) return sentence.replace('$1', match[1] ?? '');
    }
  }
  const text = `${field} ${message}`.trim();
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** Every field error of a problem, as plain sentences keyed by field. */
export function plainFieldMessages(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, message]) => [field, plainFieldMessage(field, message)]),
  );
}
