/**
 * The messages between auth and its password-hashing process (an IPC channel to a child of
 * the same service, never a network wire): one request per hash or verification, answered once.
 */
export type HashingRequest =
  | { id: number; op: 'hash'; password: string }
  | { id: number; op: 'verify'; hash: string; password: string };

export type HashingAnswer =
  { id: number; ok: true; value: string | boolean } | { id: number; ok: false; error: string };

/**
 * The niceness the hashing process runs at. Linux gives a nice-10 thread about a tenth of the
 * CPU a nice-0 thread gets when both want it, and all of it when nothing else does: a login
 * storm takes every idle cycle but yields the cores to cheap requests (bench/run.mjs, "login
 * storm"). Raising one's own niceness needs no privilege.
 */
export const HASHING_NICENESS = 10;
