import { createHmac, randomUUID } from 'node:crypto';
import { generateKeyPair, importJWK, JWK, SignJWT } from 'jose';

/**
 * Access tokens that must all be refused, made from a real one. Which failure each one exercises
 * (the verifier answers `auth.invalid_token` for all of them but the validly signed expired one):
 *
 * - `expiredFreshKey`: signed with a fresh Ed25519 key under a random kid, exp in the past. The kid
 *   is unknown, so the token fails on key lookup before its expiry is ever looked at.
 * - `expiredTampered`: the real token with exp rewritten to the past. The signature no longer
 *   matches, so it fails on the signature, not on the expiry.
 * - `expiredRealKey` (only when the auth service's private key is available): genuinely expired,
 *   validly signed; this is the one that should answer `auth.token_expired`.
 */
export interface ForgedTokens {
  expiredFreshKey: string;
  expiredTampered: string;
  expiredRealKey?: string;
  freshKeyRealKid: string;
  unknownKid: string;
  tamperedSub: string;
  tamperedSignature: string;
  algNone: string;
  hs256WithPublicX: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64 = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

/** Replaces one character so the segment stays base64url but decodes to different bytes. */
export function flipFirstChar(segment: string): string {
  return (segment[0] === 'A' ? 'B' : 'A') + segment.slice(1);
}

export async function forgeTokens(
  realToken: string,
  jwks: { keys: Array<{ kid: string; x: string }> },
  realPrivateJwk?: JWK & { kid: string },
): Promise<ForgedTokens> {
  const [headerSeg, payloadSeg, signatureSeg] = realToken.split('.');
  const header = unb64(headerSeg);
  const payload = unb64(payloadSeg);
  const now = Math.floor(Date.now() / 1000);
  const expired = { ...payload, iat: now - 7200, exp: now - 3600 };

  const fresh = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const signFresh = (claims: object, kid: string) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid })
      .sign(fresh.privateKey);

  const hsHeader = b64({ alg: 'HS256', typ: 'at+jwt', kid: header.kid });
  const hsInput = `${hsHeader}.${payloadSeg}`;
  const x = jwks.keys.find((k) => k.kid === header.kid)?.x ?? jwks.keys[0].x;
  const hsSignature = createHmac('sha256', x).update(hsInput).digest('base64url');

  let expiredRealKey: string | undefined;
  if (realPrivateJwk) {
    const key = await importJWK(realPrivateJwk, 'EdDSA');
    expiredRealKey = await new SignJWT(expired)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: realPrivateJwk.kid })
      .sign(key);
  }

  return {
    expiredFreshKey: await signFresh(expired, `kid-${randomUUID()}`),
    expiredTampered: `${headerSeg}.${b64(expired)}.${signatureSeg}`,
    expiredRealKey,
    freshKeyRealKid: await signFresh(payload, header.kid),
    unknownKid: await signFresh(payload, `kid-${randomUUID()}`),
    tamperedSub: `${headerSeg}.${b64({ ...payload, sub: randomUUID() })}.${signatureSeg}`,
    tamperedSignature: `${headerSeg}.${payloadSeg}.${flipFirstChar(signatureSeg)}`,
    algNone: `${b64({ alg: 'none', typ: 'at+jwt', kid: header.kid })}.${payloadSeg}.`,
    hs256WithPublicX: `${hsInput}.${hsSignature}`,
  };
}
