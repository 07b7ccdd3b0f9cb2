import type { RunLogStore } from './run-kind';
import { RunLogWriter, type FoundLog } from './run-log-writer';

/** A store holding one run's log in memory, counting its reads. */
function memoryStore(initial = '') {
  let log = initial;
  const store: RunLogStore & { sizes: number } = {
    sizes: 0,
    size: async () => {
      store.sizes += 1;
      return Buffer.byteLength(log);
    },
    append: async (_runId, offset, text) => {
      if (offset !== Buffer.byteLength(log)) return false;
      log += text;
      return true;
    },
    tail: async () => log,
  };
  return { store, text: () => log };
}

function writerOf(store: RunLogStore) {
  const lookups: number[] = [];
  const published: Array<{ offset: number; text: string }> = [];
  const writer = new RunLogWriter(
    'run-1',
    async (): Promise<FoundLog> => {
      lookups.push(1);
      return { store, size: await store.size('run-1') };
    },
    ({ offset, text }) => published.push({ offset, text }),
    { error: () => undefined },
  );
  return { writer, lookups, published };
}

describe('RunLogWriter', () => {
  it('looks nothing up for a stream that brings no bytes', async () => {
    const { store } = memoryStore('already stored\n');
    const { writer, lookups } = writerOf(store);
    await writer.end();
    expect(lookups).toHaveLength(0);
    expect(store.sizes).toBe(0);
  });

  it('looks the run up once, at the first flush, and appends at the stored offset', async () => {
    const { store, text } = memoryStore();
    const { writer, lookups, published } = writerOf(store);
    writer.write('one\n');
    writer.write('two\n');
    await writer.end();
    expect(lookups).toHaveLength(1);
    expect(text()).toBe('one\ntwo\n');
    expect(published).toEqual([{ offset: 0, text: 'one\ntwo\n' }]);
  });

  it('skips what an earlier stream stored and appends only the rest', async () => {
    const { store, text } = memoryStore('one\n');
    const { writer, published } = writerOf(store);
    writer.write('one\ntwo\n');
    await writer.end();
    expect(text()).toBe('one\ntwo\n');
    expect(published).toEqual([{ offset: 4, text: 'two\n' }]);
  });

  it('stores nothing of a stream whose bytes are all stored already', async () => {
    const { store, text } = memoryStore('one\ntwo\n');
    const { writer, published } = writerOf(store);
    writer.write('one\n');
    await writer.end();
    expect(text()).toBe('one\ntwo\n');
    expect(published).toEqual([]);
  });
});
