/**
 * The password-hashing process: argon2 at a lower CPU priority than the service.
 *
 * Linux keeps a niceness per thread, and a thread starts with its creator's. This sets the main
 * thread's before argon2's first call makes libuv's thread pool, so every thread that hashes
 * inherits it, while auth's own event loop keeps its priority. Started by HashingProcess.
 */
import { setPriority } from 'node:os';
import argon2 from 'argon2';
import { ARGON2_OPTIONS } from './argon2-options';
import { HASHING_NICENESS, type HashingAnswer, type HashingRequest } from './hashing-protocol';

setPriority(HASHING_NICENESS);

const answer = (message: HashingAnswer) => process.send?.(message);

async function handle(request: HashingRequest): Promise<void> {
  try {
    const value =
      request.op === 'hash'
        ? await argon2.hash(request.password, ARGON2_OPTIONS)
        : await argon2.verify(request.hash, request.password);
    answer({ id: request.id, ok: true, value });
  } catch (err) {
    // argon2's messages name the fault (a malformed hash), never the password.
    answer({ id: request.id, ok: false, error: err instanceof Error ? err.message : 'failed' });
  }
}

process.on('message', (request: HashingRequest) => void handle(request));
// The service went away (stopped, or killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
