import { availableParallelism } from 'node:os';
import type { AuthConfig } from '../config';
import { HashGate } from './hash-gate';

type GateConfig = Pick<
  AuthConfig,
  'AUTH_HASH_CONCURRENCY' | 'AUTH_HASH_QUEUE' | 'RPC_DEADLINE_SLOW_MS'
>;

/**
 * The gate's bounds from configuration: as many hashes in flight as there are cores, four times
 * as many waiting, and none run after the callers' deadline for hashing requests has passed.
 */
export function hashGateOptions(config: GateConfig, cores = availableParallelism()) {
  const concurrency = config.AUTH_HASH_CONCURRENCY ?? Math.max(1, cores);
  return {
    concurrency,
    queue: config.AUTH_HASH_QUEUE ?? 4 * concurrency,
    maxWaitMs: config.RPC_DEADLINE_SLOW_MS,
  };
}

export const hashGateFor = (config: GateConfig) => new HashGate(hashGateOptions(config));
