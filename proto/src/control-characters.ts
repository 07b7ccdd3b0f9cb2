/**
 * Control characters in text: never stored, never passed on (PostgreSQL refuses NUL in text,
 * and the others are invisible in a name). NUL and the other C0 controls and DEL are refused in
 * every string; tab, line feed and carriage return only where a field holds multi-line text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ALWAYS_REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAKS = /[\t\n\r]/;

/**
 * Fields (and everything under them) that may hold tabs and line breaks: pasted documents (a
 * JSON key file, YAML values, a PEM), free text (a message body, a log), and passwords (which are
 * hashed, never stored as text). Compared without case and underscores, so `service_account_key`
 * and `serviceAccountKey` are one name.
 */
const MULTILINE_FIELDS = new Set([
  'serviceaccountkey',
  'settings',
  'values',
  'kubeconfig',
  'cacertificate',
  'body',
  'text',
  'message',
  'detail',
  'description',
  'logtail',
  'password',
  'newpassword',
  'currentpassword',
]);
const MULTILINE_SUFFIXES = ['json', 'yaml', 'pem'];

export interface ControlCharacterViolation {
  /** Dotted path of the field (`items.0.name`); `(body)` for a bare string. */
  field: string;
  message: string;
}

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

const normalize = (key: string) => key.replace(/_/g, '').toLowerCase();

/** Whether a field of this name holds multi-line text. */
export function isMultilineField(key: string): boolean {
  const name = normalize(key);
  return MULTILINE_FIELDS.has(name) || MULTILINE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** Whether `text` has a character its field may not hold. */
export function hasControlCharacters(text: string, multiline = false): boolean {
  return ALWAYS_REFUSED.test(text) || (!multiline && LINE_BREAKS.test(text));
}

/**
 * Every string in a JSON value (a request body, or a message in proto3 JSON) that holds a
 * control character, object keys included, with its path.
 */
export function controlCharacterViolations(value: unknown): ControlCharacterViolation[] {
  const found: ControlCharacterViolation[] = [];
  const visit = (node: unknown, path: string[], multiline: boolean, depth: number) => {
    if (depth > 64) return;
    if (typeof node === 'string') {
      if (hasControlCharacters(node, multiline))
        found.push({ field: path.join('.') || '(body)', message: CONTROL_CHARACTER_MESSAGE });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, String(i)], multiline, depth + 1));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const at = [...path, key];
      if (hasControlCharacters(key))
        found.push({
          field: at.join('.'),
          message: 'must not have control characters in its name',
        });
      visit(child, at, multiline || isMultilineField(key), depth + 1);
    }
  };
  visit(value, [], false, 0);
  return found;
}
