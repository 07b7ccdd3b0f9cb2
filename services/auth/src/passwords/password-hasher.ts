import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { HashGate } from './hash-gate';

/**
 * argon2id with one of OWASP's equivalent parameter sets (Password Storage Cheat Sheet, which
 * ASVS 5.0 points to): m = 12 MiB, t = 3, p = 1. Of the five, it measured among the fastest on
 * 2 cores (bench/argon2-options.mjs, docs/security.md "Password hashing"). Hashes made with
 * other parameters (the earlier m = 46 MiB, t = 1) still verify, since the parameters are in the
 * hash, and are upgraded on the next successful login (needsRehash). argon2 runs on libuv's
 * thread pool, so hashing never blocks the event loop; every hash and verification passes the
 * HashGate, which bounds how many run and wait.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 12_288, // KiB = 12 MiB
  timeCost: 3,
  parallelism: 1,
} as const;

@Injectable()
export class PasswordHasher {
  /** A real hash of a random secret, verified against when there is no user, to equalise time. */
  private decoy?: Promise<string>;

  constructor(private readonly gate: HashGate) {}

  /** Throws 503 auth.busy when the gate would refuse a hash now (see HashGate.assertRoom). */
  assertRoom(): void {
    this.gate.assertRoom();
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      // The decoy costs a gate slot like a real verification, so timing and refusals stay equal.
      const decoy = await this.decoyHash();
      await this.gate.run(() => argon2.verify(decoy, password).catch(() => false));
      return false;
    }
    return this.gate.run(() => argon2.verify(hash, password));
  }

  /**
   * True when a stored hash was made with other parameters than today's (or another argon2
   * version) and should be replaced by a hash of today's on the next successful login.
   */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }

  /** Made once, outside the gate (a refused first login must not leave a rejected decoy). */
  private decoyHash(): Promise<string> {
    this.decoy ??= argon2.hash(`decoy-${Math.random()}-${Date.now()}`, ARGON2_OPTIONS);
    return this.decoy;
  }
}
