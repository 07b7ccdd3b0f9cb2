import { conflict, DomainError } from '@strata/errors';

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

interface InvitationDates {
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** Where an invitation stands at `now`: accepted and revoked are final; expiry comes after. */
export function invitationState(invitation: InvitationDates, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.expiresAt <= now) return 'expired';
  return 'pending';
}

/** The where-clause of the pending invitations (the same rule as `invitationState`). */
export function pendingWhere(now: Date) {
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

/** Why an invitation that is no longer pending cannot be revoked. */
export function notPending(state: Exclude<InvitationState, 'pending'>): DomainError {
  const why = {
    accepted: 'was already accepted',
    revoked: 'was already revoked',
    expired: 'has expired',
  };
  return conflict('accounts.invitation_not_pending', `This invitation ${why[state]}.`);
}
