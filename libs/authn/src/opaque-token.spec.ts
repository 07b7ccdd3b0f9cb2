import { hashOpaqueToken, newOpaqueToken } from './opaque-token';

describe('opaque tokens', () => {
  it('are 256-bit, unique, and stored only as a digest', () => {
    const a = newOpaqueToken();
    const b = newOpaqueToken();
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashOpaqueToken(a.token));
    expect(a.hash).not.toContain(a.token);
  });
});
