import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token for a client, and the SHA-256 digest we store in its place. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

/** Tokens are high-entropy, so a fast unsalted digest is the right storage form. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
