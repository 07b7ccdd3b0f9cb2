import { randomInt } from 'node:crypto';
import { RESERVED_USERNAMES } from './reserved-usernames';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;

export type UsernameProblem =
  'too_short' | 'too_long' | 'must_start_with_letter' | 'invalid_characters' | 'reserved';

const MESSAGES: Record<UsernameProblem | 'taken', string> = {
  too_short: `A username needs at least ${USERNAME_MIN} characters.`,
  too_long: `A username has at most ${USERNAME_MAX} characters.`,
  must_start_with_letter: 'A username starts with a letter.',
  invalid_characters: 'A username has only lowercase letters, digits, "_" and "-".',
  reserved: 'This username is reserved.',
  taken: 'This username is taken.',
};

export const usernameMessage = (problem: UsernameProblem | 'taken') => MESSAGES[problem];

/** Usernames are stored and compared lowercase: "Alice" and "alice" are one name. */
export const normalizeUsername = (name: string) => name.trim().toLowerCase();

/** The first rule a (normalized) username breaks, or null when it is acceptable. */
export function usernameProblem(name: string): UsernameProblem | null {
  if (name.length < USERNAME_MIN) return 'too_short';
  if (name.length > USERNAME_MAX) return 'too_long';
  if (!/^[a-z]/.test(name)) return 'must_start_with_letter';
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) return 'invalid_characters';
  if (RESERVED_USERNAMES.has(name)) return 'reserved';
  return null;
}

/**
 * The base of a generated username: the email's local part without a `+tag`, lowercased, dots
 * turned into `_`, anything else outside the alphabet dropped, `user` in front when it would not
 * start with a letter or is too short.
 */
export function usernameBaseFromEmail(email: string): string {
  const local = (email.split('@')[0] ?? '').split('+')[0] ?? '';
  let base = local
    .toLowerCase()
    .replace(/\./g, '_')
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
  if (base.length < USERNAME_MIN || !/^[a-z]/.test(base)) base = `user${base}`;
  return base.slice(0, USERNAME_MAX);
}

/**
 * The `attempt`-th candidate for a generated username: the base itself first, then the base with
 * a random numeric suffix that grows with the attempts (so collisions get rarer, not repeated).
 */
export function usernameCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const digits = Math.min(2 + Math.floor(attempt / 3), 9);
  const suffix = String(randomInt(10 ** (digits - 1), 10 ** digits));
  return `${base.slice(0, USERNAME_MAX - suffix.length - 1)}-${suffix}`;
}
