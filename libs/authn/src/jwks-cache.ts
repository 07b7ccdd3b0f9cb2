import {
  createLocalJWKSet,
  JSONWebKeySet,
  JWTHeaderParameters,
  FlattenedJWSInput,
  KeyLike,
} from 'jose';

type KeyResolver = (header: JWTHeaderParameters, token: FlattenedJWSInput) => Promise<KeyLike>;

export interface JwksCacheOptions {
  /** Fetches the current key set (over NATS from the auth service). */
  fetch: () => Promise<JSONWebKeySet>;
  /** A kid not in the cache triggers at most one refetch per this interval. */
  cooldownMs?: number;
  /** The cache refetches in the background after this age. */
  maxAgeMs?: number;
}

/**
 * A local copy of the auth service's JWKS: tokens are verified without a call per request, and a
 * new `kid` (key rotation) is picked up by refetching, at most once per cool-down.
 */
export class JwksCache {
  private resolver?: ReturnType<typeof createLocalJWKSet>;
  private fetchedAt = 0;
  private inflight?: Promise<void>;

  constructor(private readonly options: JwksCacheOptions) {}

  readonly getKey: KeyResolver = async (header, token) => {
    if (!this.resolver || Date.now() - this.fetchedAt > (this.options.maxAgeMs ?? 10 * 60_000)) {
      await this.refresh();
    }
    try {
      return await this.resolver!(header, token);
    } catch (error) {
      if (
        !isNoMatchingKey(error) ||
        Date.now() - this.fetchedAt < (this.options.cooldownMs ?? 30_000)
      ) {
        throw error;
      }
      await this.refresh();
      return this.resolver!(header, token);
    }
  };

  private refresh(): Promise<void> {
    this.inflight ??= this.options
      .fetch()
      .then((jwks) => {
        this.resolver = createLocalJWKSet(jwks);
        this.fetchedAt = Date.now();
      })
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }
}

function isNoMatchingKey(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ERR_JWKS_NO_MATCHING_KEY';
}
