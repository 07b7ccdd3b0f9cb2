import { Principal } from '@strata/authz';
import { forbidden } from '@strata/errors';

/**
 * Requests about a user's own account carry the user (and session) id; the forwarded token must
 * be that user's (and that session's), so a caller can never act on somebody else's account.
 */
export function assertCaller(caller: Principal, userId: string, sessionId?: string): void {
  if (caller.userId !== userId || (sessionId !== undefined && caller.sessionId !== sessionId)) {
    throw forbidden('platform.forbidden', 'You can only act on your own account.');
  }
}
