import { answer, typedApi } from './typed-client';

/** The reasons the pages word (the document types a reason as a string). */
export type UsernameReason =
  'too_short' | 'too_long' | 'must_start_with_letter' | 'invalid_characters' | 'reserved' | 'taken';

export const usernameAvailability = (name: string) =>
  answer(typedApi.GET('/api/v1/usernames/{name}/availability', { params: { path: { name } } }));
export type Availability = Awaited<ReturnType<typeof usernameAvailability>>;

/** The gateway sets a new access cookie carrying the name. */
export const changeUsername = (username: string) =>
  answer(typedApi.PUT('/api/v1/me/username', { body: { username } }));
