import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/**
 * argon2id at OWASP ASVS 5.0 Appendix C strength (m = 46 MiB, t = 1, p = 1). argon2 runs on
 * libuv's thread pool, so hashing never blocks the event loop.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 47_104, // KiB = 46 MiB
  timeCost: 1,
  parallelism: 1,
} as const;

@Injectable()
export class PasswordHasher {
  /** A real hash of a random secret, verified against when there is no user, to equalise time. */
  private decoy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.decoyHash(), password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password);
  }

  /** True when a stored hash is weaker than today's parameters and should be upgraded. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= this.hash(`decoy-${Math.random()}-${Date.now()}`);
    return this.decoy;
  }
}
