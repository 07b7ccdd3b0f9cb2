import { api } from './client';

export type UsernameReason =
  'too_short' | 'too_long' | 'must_start_with_letter' | 'invalid_characters' | 'reserved' | 'taken';

export interface Availability {
  available: boolean;
  reason?: UsernameReason | string;
}

export const usernameAvailability = (name: string) =>
  api<Availability>('GET', `/api/v1/usernames/${encodeURIComponent(name)}/availability`);

/** The gateway sets a new access cookie carrying the name. */
export const changeUsername = (username: string) =>
  api<{ username: string }>('PUT', '/api/v1/me/username', { username });
