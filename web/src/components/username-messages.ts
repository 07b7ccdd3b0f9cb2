import type { UsernameReason } from '../api/usernames';

/** Why a name cannot be taken, as the accounts service words its rules. */
const MESSAGES: Record<UsernameReason, string> = {
  too_short: 'A username needs at least 3 characters.',
  too_long: 'A username has at most 30 characters.',
  must_start_with_letter: 'A username starts with a letter.',
  invalid_characters: 'A username has only lowercase letters, digits, "_" and "-".',
  reserved: 'This username is reserved.',
  taken: 'This username is taken.',
};

export function usernameReasonMessage(reason: string | undefined): string {
  return (reason && MESSAGES[reason as UsernameReason]) || 'This username cannot be used.';
}
