import { DomainError } from '@strata/errors';
import { HashGate } from './hash-gate';

/** Work that finishes only when the test says so, and records that it started. */
class FakeWork {
  readonly started: string[] = [];
  private readonly pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();

  job(name: string): () => Promise<string> {
    return () =>
      new Promise<string>((resolve, reject) => {
        this.started.push(name);
        this.pending.set(name, { resolve: () => resolve(name), reject });
      });
  }

  finish(name: string): void {
    this.pending.get(name)!.resolve();
  }

  fail(name: string): void {
    this.pending.get(name)!.reject(new Error(`${name} failed`));
  }
}

/** Lets every already-settled promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a promise rejected with (undefined when it resolved). */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const isBusy = (error: unknown) =>
  error instanceof DomainError &&
  error.status === 503 &&
  error.code === 'auth.busy' &&
  error.retryAfter !== undefined &&
  error.retryAfter > 0;

describe('HashGate', () => {
  it('runs at most `concurrency` calls at once', async () => {
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 2, queue: 5, maxWaitMs: 60_000 });
    const calls = ['a', 'b', 'c', 'd'].map((name) => gate.run(work.job(name)));
    await settle();
    expect(work.started).toEqual(['a', 'b']);
    expect(gate.inFlight).toBe(2);
    expect(gate.queued).toBe(2);
    work.finish('a');
    await settle();
    expect(work.started).toEqual(['a', 'b', 'c']);
    expect(gate.inFlight).toBe(2);
    work.finish('b');
    work.finish('c');
    await settle();
    work.finish('d');
    await expect(Promise.all(calls)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(gate.inFlight).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('refuses at once with 503 auth.busy and Retry-After when the queue is full', async () => {
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 1, queue: 1, maxWaitMs: 60_000 });
    const first = gate.run(work.job('first'));
    const second = gate.run(work.job('second'));
    const third = gate.run(work.job('third'));
    expect(isBusy(await rejection(third))).toBe(true);
    expect(work.started).toEqual(['first']);
    work.finish('first');
    await settle();
    work.finish('second');
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
    expect(work.started).not.toContain('third');
  });

  it('says before any work whether a call would be refused now (assertRoom)', async () => {
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 1, queue: 1, maxWaitMs: 60_000 });
    expect(() => gate.assertRoom()).not.toThrow(); // a slot is free
    const first = gate.run(work.job('first'));
    expect(() => gate.assertRoom()).not.toThrow(); // the queue has room
    const second = gate.run(work.job('second'));
    let refusal: unknown;
    try {
      gate.assertRoom();
    } catch (error) {
      refusal = error;
    }
    expect(isBusy(refusal)).toBe(true);
    work.finish('first');
    await settle();
    expect(() => gate.assertRoom()).not.toThrow(); // `second` runs, the queue is empty again
    work.finish('second');
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
  });

  it('starts waiting calls in the order they arrived', async () => {
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 1, queue: 10, maxWaitMs: 60_000 });
    const names = ['one', 'two', 'three', 'four', 'five'];
    const calls = names.map((name) => gate.run(work.job(name)));
    for (const name of names) {
      await settle();
      expect(work.started.at(-1)).toBe(name);
      work.finish(name);
    }
    await expect(Promise.all(calls)).resolves.toEqual(names);
  });

  it('does not let a refused call take a slot or a place in the queue', async () => {
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 1, queue: 1, maxWaitMs: 60_000 });
    const first = gate.run(work.job('first'));
    const second = gate.run(work.job('second'));
    expect(isBusy(await rejection(gate.run(work.job('refused'))))).toBe(true);
    expect(gate.inFlight).toBe(1);
    expect(gate.queued).toBe(1);
    work.finish('first');
    await settle();
    // The freed slot went to the queued call, and the queue has room for exactly one again.
    expect(work.started).toEqual(['first', 'second']);
    const third = gate.run(work.job('third'));
    expect(isBusy(await rejection(gate.run(work.job('refused-again'))))).toBe(true);
    work.finish('second');
    await settle();
    work.finish('third');
    await expect(Promise.all([first, second, third])).resolves.toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(gate.inFlight).toBe(0);
  });

  it('releases the slot of a call that fails', async () => {
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 1, queue: 1, maxWaitMs: 60_000 });
    const failing = gate.run(work.job('failing'));
    const next = gate.run(work.job('next'));
    work.fail('failing');
    await expect(failing).rejects.toThrow('failing failed');
    await settle();
    expect(work.started).toEqual(['failing', 'next']);
    work.finish('next');
    await expect(next).resolves.toBe('next');
    expect(gate.inFlight).toBe(0);
  });

  it('releases the slot of a call that throws before returning a promise', async () => {
    const gate = new HashGate({ concurrency: 1, queue: 0, maxWaitMs: 60_000 });
    await expect(
      gate.run(() => {
        throw new Error('sync failure');
      }),
    ).rejects.toThrow('sync failure');
    expect(gate.inFlight).toBe(0);
    await expect(gate.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('drops a queued call that waited past its deadline without running it', async () => {
    let now = 1_000;
    const work = new FakeWork();
    const gate = new HashGate({ concurrency: 1, queue: 2, maxWaitMs: 20_000, now: () => now });
    const first = gate.run(work.job('first'));
    const stale = gate.run(work.job('stale'));
    now += 15_000;
    const fresh = gate.run(work.job('fresh'));
    now += 6_000; // `stale` has waited 21 s, `fresh` 6 s
    work.finish('first');
    expect(isBusy(await rejection(stale))).toBe(true);
    await settle();
    expect(work.started).toEqual(['first', 'fresh']);
    work.finish('fresh');
    await expect(Promise.all([first, fresh])).resolves.toEqual(['first', 'fresh']);
    expect(work.started).not.toContain('stale');
    expect(gate.inFlight).toBe(0);
  });

  it('refuses a concurrency below one', () => {
    expect(() => new HashGate({ concurrency: 0, queue: 1, maxWaitMs: 1 })).toThrow();
  });
});
