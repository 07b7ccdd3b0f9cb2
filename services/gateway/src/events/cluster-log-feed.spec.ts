import { ClusterLogFeed, ClusterLogRouter, LogChunk } from './cluster-log-feed';

const RUN = '00000000-0000-4000-8000-000000000001';
const enc = (c: Partial<LogChunk>) =>
  new TextEncoder().encode(JSON.stringify({ runId: RUN, ...c }));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ClusterLogFeed', () => {
  function setup(stored: Array<{ offset: number; text: string }>) {
    const router = new ClusterLogRouter();
    const written: LogChunk[] = [];
    const reads: number[] = [];
    const feed = new ClusterLogFeed(
      'c',
      router,
      async (_runId, after) => {
        reads.push(after);
        const chunks = stored.filter((c) => c.offset >= after);
        return { chunks, nextOffset: 0, complete: false };
      },
      (chunk) => written.push(chunk),
      (err) => {
        throw err;
      },
    );
    return { router, feed, written, reads };
  }

  it('replays the stored chunks from the offset, then live ones, each once in offset order', async () => {
    const stored = [
      { offset: 0, text: 'a\n' },
      { offset: 2, text: 'bb\n' },
    ];
    const { router, feed, written } = setup(stored);
    feed.follow(RUN, 2);
    router.deliver(`cluster.run.log.${RUN}`, enc({ offset: 2, text: 'bb\n' })); // held, duplicate
    await tick();
    router.deliver(`cluster.run.log.${RUN}`, enc({ offset: 5, text: 'c\n' }));
    router.deliver(`cluster.run.log.${RUN}`, enc({ offset: 5, text: 'c\n' }));
    expect(written.map((c) => [c.offset, c.text])).toEqual([
      [2, 'bb\n'],
      [5, 'c\n'],
    ]);
  });

  it('reads the stored chunks again on a jump in offsets, and stops on stop()', async () => {
    const stored = [{ offset: 0, text: 'a\n' }];
    const { router, feed, written, reads } = setup(stored);
    feed.follow(RUN);
    await tick();
    stored.push({ offset: 2, text: 'b\n' }, { offset: 4, text: 'c\n' });
    router.deliver(`cluster.run.log.${RUN}`, enc({ offset: 4, text: 'c\n' })); // 2 was lost
    await tick();
    expect(reads).toEqual([0, 2, 2, 6]); // each read until a page brings nothing new
    expect(written.map((c) => c.offset)).toEqual([0, 2, 4]);
    feed.stop();
    router.deliver(`cluster.run.log.${RUN}`, enc({ offset: 6, text: 'd\n' }));
    expect(written).toHaveLength(3);
  });
});
