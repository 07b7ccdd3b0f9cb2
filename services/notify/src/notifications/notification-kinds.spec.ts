import { allPreferences, channelsFor, isNotificationKind } from './notification-kinds';
import { decodeCursor, encodeCursor } from './list-cursor';

describe('notification preferences', () => {
  it('falls back to the kind default and honours a stored choice', () => {
    const stored = new Map([['security.new_sign_in', { inApp: false, email: false }]]);
    expect(channelsFor('security.new_sign_in', stored)).toEqual({ inApp: false, email: false });
    expect(channelsFor('cluster.run_failed', stored)).toEqual({ inApp: true, email: true });
    expect(channelsFor('cluster.run_succeeded', stored)).toEqual({ inApp: true, email: false });
  });

  it('lists every kind once', () => {
    const kinds = allPreferences(new Map()).map((p) => p.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toContain('cloud.account_verification_failed');
    expect(isNotificationKind('nope')).toBe(false);
  });
});

describe('list cursor', () => {
  it('round-trips and refuses foreign text', () => {
    const cursor = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: crypto.randomUUID() };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["x","y"]').toString('base64url'))).toBeUndefined();
  });
});
