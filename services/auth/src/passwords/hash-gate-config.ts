import { availableParallelism } from 'node:os';
import type { AuthConfig } from '../config';
import { HashGate } from './hash-gate';

type GateConfig = Pick<
  AuthConfig,
  'AUTH_HASH_CONCURRENCY' | 'AUTH_HASH_QUEUE' | 'RPC_DEADLINE_SLOW_MS'
>;

/** Calls allowed to wait per running hash, by default (see hashGateOptions). */
export const QUEUE_PER_SLOT = 16;

/**
 * The gate's bounds from configuration. By default one hash fewer than the cores run at once
 * (at least one): the node that hashes also runs auth's event loop, the token signature and, in
 * a small installation, the gateway, the other services, PostgreSQL and NATS, and a core kept
 * from hashing is what keeps cheap requests fast during a login storm (bench/results/
 * 2026-12-03-login-storm.md). Sixteen calls wait per running hash: at about 22 ms a
 * verification that is a third of a second of waiting, enough to absorb a burst without
 * refusing it (every refusal costs its client a round trip and a retry), still far below the
 * callers' deadline for hashing requests, after which a waiting call is not run.
 */
export function hashGateOptions(config: GateConfig, cores = availableParallelism()) {
  const concurrency = config.AUTH_HASH_CONCURRENCY ?? Math.max(1, cores - 1);
  return {
    concurrency,
    queue: config.AUTH_HASH_QUEUE ?? QUEUE_PER_SLOT * concurrency,
    maxWaitMs: config.RPC_DEADLINE_SLOW_MS,
  };
}

export const hashGateFor = (config: GateConfig) => new HashGate(hashGateOptions(config));
