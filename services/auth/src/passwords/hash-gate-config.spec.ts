import { hashGateOptions } from './hash-gate-config';

describe('hashGateOptions', () => {
  it('defaults to one hash fewer than the cores and sixteen waiting per running hash', () => {
    expect(hashGateOptions({ RPC_DEADLINE_SLOW_MS: 20_000 }, 6)).toEqual({
      concurrency: 5,
      queue: 80,
      maxWaitMs: 20_000,
    });
    // A 2-core node keeps one core from hashing for the cheap requests.
    expect(hashGateOptions({ RPC_DEADLINE_SLOW_MS: 20_000 }, 2)).toMatchObject({
      concurrency: 1,
      queue: 16,
    });
  });

  it('still hashes one at a time on a single core', () => {
    expect(hashGateOptions({ RPC_DEADLINE_SLOW_MS: 20_000 }, 1)).toMatchObject({
      concurrency: 1,
      queue: 16,
    });
  });

  it('takes AUTH_HASH_CONCURRENCY and AUTH_HASH_QUEUE when set', () => {
    expect(
      hashGateOptions(
        { AUTH_HASH_CONCURRENCY: 1, AUTH_HASH_QUEUE: 0, RPC_DEADLINE_SLOW_MS: 5_000 },
        8,
      ),
    ).toEqual({ concurrency: 1, queue: 0, maxWaitMs: 5_000 });
  });
});
