import { invitationState, notPending, pendingWhere } from './invitation-state';

describe('invitation state', () => {
  const now = new Date('2026-11-28T09:00:00.000Z');
  const later = new Date(now.getTime() + 3_600_000);
  const earlier = new Date(now.getTime() - 1);
  const base = { acceptedAt: null, revokedAt: null, expiresAt: later };

  it('is pending until accepted, revoked or expired', () => {
    expect(invitationState(base, now)).toBe('pending');
    expect(invitationState({ ...base, expiresAt: now }, now)).toBe('expired');
    expect(invitationState({ ...base, expiresAt: earlier }, now)).toBe('expired');
    expect(invitationState({ ...base, revokedAt: earlier }, now)).toBe('revoked');
    expect(invitationState({ ...base, acceptedAt: earlier }, now)).toBe('accepted');
  });

  it('keeps accepted and revoked final after the expiry', () => {
    const expired = { ...base, expiresAt: earlier };
    expect(invitationState({ ...expired, acceptedAt: earlier }, now)).toBe('accepted');
    expect(invitationState({ ...expired, revokedAt: earlier }, now)).toBe('revoked');
  });

  it('selects exactly the pending ones in the database', () => {
    expect(pendingWhere(now)).toEqual({
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
    });
  });

  it('explains a refused revoke with one stable code', () => {
    for (const state of ['accepted', 'revoked', 'expired'] as const) {
      const error = notPending(state);
      expect(error.status).toBe(409);
      expect(error.code).toBe('accounts.invitation_not_pending');
    }
    expect(notPending('expired').message).toMatch(/expired/);
  });
});
