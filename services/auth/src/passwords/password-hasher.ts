import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import argon2 from 'argon2';
import { ARGON2_OPTIONS } from './argon2-options';
import { HashGate } from './hash-gate';
import { HashingProcess } from './hashing-process-client';

export { ARGON2_OPTIONS } from './argon2-options';

/**
 * Password hashes and verifications, with argon2id (argon2-options.ts). They run in the
 * password-hashing process at a lower CPU priority (hashing-process.ts), so a burst of logins
 * never starves the service's event loop or the other services on the same cores; every hash and
 * verification passes the HashGate, which bounds how many run and wait.
 */
@Injectable()
export class PasswordHasher implements OnModuleDestroy {
  /** A real hash of a random secret, verified against when there is no user, to equalise time. */
  private decoy?: Promise<string>;

  constructor(
    private readonly gate: HashGate,
    private readonly hashing: HashingProcess,
  ) {}

  hash(password: string): Promise<string> {
    return this.gate.run(() => this.hashing.hash(password));
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      // The decoy costs a gate slot like a real verification, so timing and refusals stay equal.
      const decoy = await this.decoyHash();
      await this.gate.run(() => this.hashing.verify(decoy, password).catch(() => false));
      return false;
    }
    return this.gate.run(() => this.hashing.verify(hash, password));
  }

  /**
   * True when a stored hash was made with other parameters than today's (or another argon2
   * version) and should be replaced by a hash of today's on the next successful login.
   */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }

  onModuleDestroy(): Promise<void> {
    return this.hashing.close();
  }

  /** Made once, outside the gate (a refused first login must not leave a rejected decoy). */
  private decoyHash(): Promise<string> {
    this.decoy ??= this.hashing.hash(`decoy-${Math.random()}-${Date.now()}`);
    return this.decoy;
  }
}
