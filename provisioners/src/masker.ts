/**
 * Masks credential values in text that leaves the process (log lines, the termination message).
 * A value is looked for as it is and as JSON encoders write it inside a string (JSON.stringify,
 * Go's encoding/json with its \u003c-style HTML escapes, escaped slashes, and escaped twice for
 * JSON inside a JSON string); a multi-line value (a PEM private key) also line by line, since the
 * stream is forwarded a line at a time.
 */

export const MASK = '***';

/** Shorter values are not masked: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 6;
const MIN_LINE_LENGTH = 16;

const jsonEscaped = (s: string) => JSON.stringify(s).slice(1, -1);
const goEscaped = (s: string) =>
  jsonEscaped(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
const slashEscaped = (s: string) => jsonEscaped(s).replace(/\//g, '\\/');

function variants(secret: string): string[] {
  const forms = new Set<string>();
  const add = (s: string) => {
    for (const form of [
      s,
      jsonEscaped(s),
      goEscaped(s),
      slashEscaped(s),
      jsonEscaped(jsonEscaped(s)),
    ])
      forms.add(form);
  };
  add(secret);
  if (/[\r\n]/.test(secret))
    for (const line of secret.split(/\r?\n/)) {
      const trimmed = line.trim();
      // PEM armour lines (-----BEGIN PRIVATE KEY-----) are not secret; the body lines are.
      if (trimmed.length >= MIN_LINE_LENGTH && !trimmed.startsWith('-----')) add(trimmed);
    }
  return [...forms];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Masker {
  mask(text: string): string;
}

export function createMasker(secrets: readonly string[]): Masker {
  const forms = new Set<string>();
  for (const secret of secrets)
    if (secret.trim().length >= MIN_SECRET_LENGTH)
      for (const form of variants(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  if (forms.size === 0) return { mask: (text) => text };
  // Longest first, so a value is masked whole rather than a shorter form of it inside it.
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return { mask: (text) => text.replace(pattern, MASK) };
}
