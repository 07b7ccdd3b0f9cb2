import { errors, jwtVerify } from 'jose';
import { unauthorized } from '@strata/errors';
import { ACCESS_TOKEN_ALG, AccessClaims } from './access-claims';
import { JwksCache } from './jwks-cache';

export interface VerifierOptions {
  issuer: string;
  audience: string;
  jwks: JwksCache;
}

/** Verifies access tokens locally against the JWKS: signature, alg, kid, iss, aud, exp. */
export class AccessTokenVerifier {
  constructor(private readonly options: VerifierOptions) {}

  async verify(token: string): Promise<AccessClaims> {
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
