import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwksCache } from './jwks-cache';

async function setUp(rememberedTokens?: number) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
  const jwks = new JwksCache({ fetch: async () => ({ keys: [jwk] }) });
  let lookups = 0;
  const getKey = jwks.getKey;
  Object.defineProperty(jwks, 'getKey', {
    value: (...args: Parameters<typeof getKey>) => {
      lookups += 1;
      return getKey(...args);
    },
  });
  const verifier = new AccessTokenVerifier({ issuer: 'i', audience: 'a', jwks, rememberedTokens });
  const sign = (expiresInSeconds: number, sub = 'u1') =>
    new SignJWT({ sid: 's1', email: 'e@x.test', ev: true })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject(sub)
      .setIssuer('i')
      .setAudience('a')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(privateKey);
  return { verifier, sign, lookups: () => lookups };
}

describe('AccessTokenVerifier', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks a token once and remembers it: the next uses skip the signature check', async () => {
    const { verifier, sign, lookups } = await setUp();
    const token = await sign(60);
    expect((await verifier.verify(token)).sub).toBe('u1');
    expect((await verifier.verify(token)).sub).toBe('u1');
    expect(lookups()).toBe(1);
  });

  it('refuses a remembered token once it has expired (auth.token_expired)', async () => {
    const { verifier, sign } = await setUp();
    const token = await sign(60);
    await verifier.verify(token);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'auth.token_expired' });
  });

  it('never remembers a token that failed, and checks a tampered one afresh', async () => {
    const { verifier, sign, lookups } = await setUp();
    const token = await sign(60);
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'u2' }),
    ).toString('base64url')}.${signature}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'auth.invalid_token' });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'auth.invalid_token' });
    expect(lookups()).toBe(3);
  });

  it('keeps at most rememberedTokens (the oldest go first)', async () => {
    const { verifier, sign, lookups } = await setUp(1);
    const first = await sign(60, 'u1');
    const second = await sign(60, 'u2');
    await verifier.verify(first);
    await verifier.verify(second);
    await verifier.verify(first);
    expect(lookups()).toBe(3);
  });
});
