import { TransactionBatcher } from './transaction-batcher';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('TransactionBatcher', () => {
  it('flushes the items submitted in one tick together, answering each its own result', async () => {
    const flushed: number[][] = [];
    const batcher = new TransactionBatcher<number, string>(
      async (items) => {
        flushed.push(items);
        return items.map((n) => `r${n}`);
      },
      { maxBatch: 100 },
    );
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('runs one flush at a time and gathers what arrives meanwhile into the next', async () => {
    const gate = deferred();
    const flushed: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const batcher = new TransactionBatcher<number, number>(
      async (items) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        flushed.push(items);
        if (items[0] === 1) await gate.promise;
        inFlight -= 1;
        return items;
      },
      { maxBatch: 100 },
    );
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r)); // the first flush has started
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    expect(batcher.pending).toBe(3);
    gate.resolve();
    await Promise.all([first, ...later]);
    expect(flushed).toEqual([[1], [2, 3, 4]]);
    expect(maxInFlight).toBe(1);
  });

  it('keeps to maxBatch and never puts one key twice in a flush', async () => {
    const flushed: string[][] = [];
    const batcher = new TransactionBatcher<string, string>(
      async (items) => {
        flushed.push(items);
        return items;
      },
      { maxBatch: 2, keyOf: (item) => item[0]! },
    );
    await Promise.all(['a1', 'a2', 'b1', 'c1'].map((s) => batcher.submit(s)));
    expect(flushed).toEqual([
      ['a1', 'b1'],
      ['a2', 'c1'],
    ]);
  });

  it('flushes each item alone after a failed batch, so a bad item fails only itself', async () => {
    const batcher = new TransactionBatcher<number, number>(
      async (items) => {
        if (items.includes(2)) throw new Error('bad item 2');
        return items.map((n) => n * 10);
      },
      { maxBatch: 10 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('bad item 2') },
      { status: 'fulfilled', value: 30 },
    ]);
    expect(batcher.flushes).toBe(4);
  });
});
