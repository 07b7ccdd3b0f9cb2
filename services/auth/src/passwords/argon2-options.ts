import argon2 from 'argon2';

/**
 * argon2id with one of OWASP's equivalent parameter sets (Password Storage Cheat Sheet, which
 * ASVS 5.0 points to): m = 12 MiB, t = 3, p = 1. Of the five, it measured among the fastest on
 * 2 cores (bench/argon2-options.mjs, docs/security.md "Password hashing"). Hashes made with
 * other parameters (the earlier m = 46 MiB, t = 1) still verify, since the parameters are in the
 * hash, and are upgraded on the next successful login (needsRehash).
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 12_288, // KiB = 12 MiB
  timeCost: 3,
  parallelism: 1,
} as const;
