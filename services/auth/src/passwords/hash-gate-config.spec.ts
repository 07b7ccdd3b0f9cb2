import { hashGateOptions } from './hash-gate-config';

describe('hashGateOptions', () => {
  it('defaults to one hash per core and four times as many waiting', () => {
    expect(hashGateOptions({ RPC_DEADLINE_SLOW_MS: 20_000 }, 6)).toEqual({
      concurrency: 6,
      queue: 24,
      maxWaitMs: 20_000,
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
