import { isTransientJetStreamError, retryJetStreamApi } from './jetstream-retry';

const failing = (...errors: unknown[]) => {
  let calls = 0;
  const call = jest.fn(async () => {
    const error = errors[calls++];
    if (error !== undefined) throw error;
    return 'done';
  });
  return call;
};

describe('retryJetStreamApi', () => {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  beforeEach(() => waits.splice(0));

  it('returns at once when the call succeeds', async () => {
    const call = failing();
    await expect(retryJetStreamApi(call, { sleep })).resolves.toBe('done');
    expect(call).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('retries transient errors with a doubling, capped backoff', async () => {
    const timeout = Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' });
    const call = failing(timeout, new Error('stream name already in use'), timeout, timeout);
    await expect(
      retryJetStreamApi(call, { sleep, jitter: 0, initialDelayMs: 100, maxDelayMs: 300 }),
    ).resolves.toBe('done');
    expect(call).toHaveBeenCalledTimes(5);
    expect(waits).toEqual([100, 200, 300, 300]);
  });

  it('gives up after the bounded number of attempts with the last error', async () => {
    const busy = new Error('JetStream system temporarily unavailable');
    const call = failing(busy, busy, busy, busy);
    await expect(retryJetStreamApi(call, { sleep, attempts: 3 })).rejects.toBe(busy);
    expect(call).toHaveBeenCalledTimes(3);
    expect(waits).toHaveLength(2);
  });

  it('throws a permanent error at once', async () => {
    const bad = new Error('subjects overlap with an existing stream');
    const call = failing(bad);
    await expect(retryJetStreamApi(call, { sleep })).rejects.toBe(bad);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('adds at most the jitter fraction to each wait and reports each retry', async () => {
    const onRetry = jest.fn();
    const call = failing(new Error('timed out'));
    await retryJetStreamApi(call, { sleep, jitter: 0.5, initialDelayMs: 100, onRetry });
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[0]).toBeLessThanOrEqual(150);
    expect(onRetry).toHaveBeenCalledWith(expect.any(Error), 2, waits[0]);
  });
});

describe('isTransientJetStreamError', () => {
  it.each([
    [{ code: 'TIMEOUT', message: 'TIMEOUT' }],
    [{ code: '503', message: '503' }],
    [{ message: 'JetStream system temporarily unavailable', api_error: { err_code: 10008 } }],
    [new Error('consumer name already in use')],
  ])('counts %p as transient', (error) => {
    expect(isTransientJetStreamError(error)).toBe(true);
  });

  it.each([
    [new Error('stream not found')],
    [new Error('invalid stream config')],
    [undefined],
    ['a string'],
  ])('counts %p as permanent', (error) => {
    expect(isTransientJetStreamError(error)).toBe(false);
  });
});
