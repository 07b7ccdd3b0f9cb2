import { pushEvent } from '@strata/proto';
import { type Backlog, freshStart, SseConnection } from './sse-connection';
import { SseFrame } from './sse-frame';
import type { SseSink } from './sse-sink';
import type { UserPush } from './push-sequencer';

const unreadPush = (seq: number, unread: number): UserPush => pushEvent(seq, 'unread', { unread });
const live = (push: UserPush) => ({
  ...push,
  frame: SseFrame.json('unread', { unread: 0 }, push.seq),
});

/** A connection over a sink that keeps what was written, and a replay log answering `since`. */
function connect(log: { lastSeq: number; unread: number; pushes: UserPush[] }) {
  const written: string[] = [];
  const reads: Array<{ afterSeq: number; fromNow: boolean }> = [];
  const sink = {
    write: (frame: SseFrame) => written.push(frame.toString()),
    end: () => undefined,
    destroy: () => undefined,
  } as unknown as SseSink;
  let beforeAnswer: () => void = () => undefined;
  const connection = new SseConnection(sink, {
    userId: 'u',
    backlog: async (afterSeq, fromNow): Promise<Backlog> => {
      reads.push({ afterSeq, fromNow });
      beforeAnswer(); // what arrives live while the read is on its way
      return {
        pushes: fromNow ? [] : log.pushes.filter((p) => p.seq > afterSeq),
        lastSeq: log.lastSeq,
        unread: log.unread,
        truncated: false,
        more: false,
      };
    },
    onClose: () => undefined,
  });
  const ids = () =>
    written
      .map((f) => /^id: (\d+)/.exec(f)?.[1])
      .filter(Boolean)
      .map(Number);
  return {
    connection,
    written,
    reads,
    ids,
    whileReading: (fn: () => void) => (beforeAnswer = fn),
  };
}

describe('SseConnection, a fresh start', () => {
  it('starts where the stream is when nothing arrived live meanwhile (one read)', async () => {
    const c = connect({ lastSeq: 7, unread: 2, pushes: [] });
    await c.connection.start(undefined);
    expect(c.written[0]).toContain('event: hello');
    expect(c.written[0]).toContain('"lastSeq":7');
    expect(c.ids()).toEqual([7]);
    expect(c.reads).toEqual([{ afterSeq: 0, fromNow: true }]);
  });

  it('writes a push that arrived after the subscription even though the read already counted it', async () => {
    // The push (seq 8) was committed before notify read where the stream is (8), and reached
    // the gateway while that read was on its way: the caller's stream was open, so it is theirs.
    const c = connect({ lastSeq: 8, unread: 1, pushes: [unreadPush(8, 1)] });
    c.whileReading(() => c.connection.receive(live(unreadPush(8, 1))));
    await c.connection.start(undefined);
    expect(c.ids()).toEqual([7, 8]); // hello just before it, then the push
    expect(c.written[0]).toContain('"lastSeq":7');
    expect(c.reads).toHaveLength(1);
  });

  it('reads from the replay log what lies between the first live push and where the stream is', async () => {
    // 8 arrived live; 9 and 10 were committed but not yet published when the read answered.
    const c = connect({
      lastSeq: 10,
      unread: 3,
      pushes: [unreadPush(8, 1), unreadPush(9, 2), unreadPush(10, 3)],
    });
    c.whileReading(() => c.connection.receive(live(unreadPush(8, 1))));
    await c.connection.start(undefined);
    expect(c.ids()).toEqual([7, 8, 9, 10]);
    expect(c.reads).toEqual([
      { afterSeq: 0, fromNow: true },
      { afterSeq: 8, fromNow: false },
    ]);
    // Published later, they come live once more: written once.
    c.connection.receive(live(unreadPush(9, 2)));
    c.connection.receive(live(unreadPush(10, 3)));
    c.connection.receive(live(unreadPush(11, 4)));
    expect(c.ids()).toEqual([7, 8, 9, 10, 11]);
  });
});

describe('freshStart', () => {
  it('is just before the first live push, never past where the stream is, never below 0', () => {
    expect(freshStart(5, [])).toBe(5);
    expect(freshStart(5, [unreadPush(6, 0)])).toBe(5);
    expect(freshStart(5, [unreadPush(5, 0), unreadPush(4, 0)])).toBe(3);
    expect(freshStart(0, [unreadPush(1, 0)])).toBe(0);
  });
});
