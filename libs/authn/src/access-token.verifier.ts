import { errors, jwtVerify } from 'jose';
import { unauthorized } from '@strata/errors';
import { ACCESS_TOKEN_ALG, AccessClaims } from './access-claims';
import { JwksCache } from './jwks-cache';

export interface VerifierOptions {
  issuer: string;
  audience: string;
  jwks: JwksCache;
  /** Verified tokens remembered (until their `exp`), default 10,000; 0 turns the memory off. */
  rememberedTokens?: number;
}

const DEFAULT_REMEMBERED = 10_000;

/**
 * Verifies access tokens locally against the JWKS: signature, alg, kid, iss, aud, exp.
 *
 * A client sends the same token on every request until it refreshes, and an EdDSA signature check
 * was the largest single cost of an authenticated read in the gateway and in the service behind
 * it (issue 15). So a token that verified is remembered, by its exact text, until its `exp`: the
 * same bytes verify the same way, and the expiry is checked again on every use. At most
 * `rememberedTokens` are kept (the oldest go first). A token whose signing key is retired from
 * the JWKS is accepted at most until it expires (the JWKS copy itself is refreshed every 10
 * minutes); revocations are the TokenDenylist's, which looks at every request.
 */
export class AccessTokenVerifier {
  private readonly remembered = new Map<string, AccessClaims>();

  constructor(private readonly options: VerifierOptions) {}

  async verify(token: string): Promise<AccessClaims> {
    const known = this.remembered.get(token);
    if (known) {
      if (known.exp > Math.floor(Date.now() / 1000)) return known;
      this.remembered.delete(token);
      throw unauthorized('auth.token_expired', 'The access token has expired; refresh it.');
    }
    const claims = await this.verifySignature(token);
    const limit = this.options.rememberedTokens ?? DEFAULT_REMEMBERED;
    if (limit > 0) {
      if (this.remembered.size >= limit) {
        this.remembered.delete(this.remembered.keys().next().value as string);
      }
      this.remembered.set(token, claims);
    }
    return claims;
  }

  private async verifySignature(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.options.jwks.getKey, {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      });
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') {
        throw unauthorized('auth.invalid_token', 'The access token is invalid.');
      }
      return payload as unknown as AccessClaims;
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw unauthorized('auth.token_expired', 'The access token has expired; refresh it.');
      }
      if (error instanceof errors.JOSEError || error instanceof TypeError) {
        throw unauthorized('auth.invalid_token', 'The access token is invalid.');
      }
      throw error;
    }
  }
}
