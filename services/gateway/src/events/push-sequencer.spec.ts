import { parseLastEventId, PushSequencer } from './push-sequencer';
import { tooSlow } from './slow-client-policy';

const push = (seq: number) => ({ seq, type: 'unread', data: { unread: seq } });
const seqs = (pushes: Array<{ seq: number }>) => pushes.map((p) => p.seq);

describe('PushSequencer', () => {
  it('writes each seq once and in order, whatever the arrival order', () => {
    const s = new PushSequencer(4);
    expect(seqs(s.offer(push(5)))).toEqual([5]);
    expect(seqs(s.offer(push(7)))).toEqual([]);
    expect(s.hasGap).toBe(true);
    expect(seqs(s.offer(push(8)))).toEqual([]);
    expect(seqs(s.offer(push(6)))).toEqual([6, 7, 8]);
    expect(s.hasGap).toBe(false);
    expect(s.last).toBe(8);
  });

  it('drops duplicates and what the client already has (replay overlapping live pushes)', () => {
    const s = new PushSequencer(10);
    expect(seqs(s.offer(push(9)))).toEqual([]);
    expect(seqs(s.offer(push(10)))).toEqual([]);
    expect(seqs(s.offer(push(11)))).toEqual([11]);
    expect(seqs(s.offer(push(11)))).toEqual([]);
    expect(seqs([...[11, 12, 12, 13].flatMap((n) => s.offer(push(n)))])).toEqual([12, 13]);
  });

  it('starts over past a pruned log without going back', () => {
    const s = new PushSequencer(3);
    s.offer(push(9));
    s.resetTo(8);
    expect(seqs(s.offer(push(9)))).toEqual([9]);
    s.resetTo(2);
    expect(s.last).toBe(9);
  });

  it('ignores non-integer seqs', () => {
    expect(new PushSequencer(0).offer({ seq: 1.5, type: 'x', data: {} })).toEqual([]);
  });
});

describe('Last-Event-ID and frames', () => {
  it('accepts only non-negative integers', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId(' 7 ')).toBe(7);
    for (const bad of [undefined, '', '-1', '1.5', 'abc', '99999999999', ['1']])
      expect(parseLastEventId(bad)).toBeUndefined();
  });
});

describe('slow-client policy', () => {
  it('cuts a client off only when a write was refused and the buffer passed the bound', () => {
    expect(tooSlow(true, 10_000_000, 1_000_000)).toBe(false);
    expect(tooSlow(false, 500_000, 1_000_000)).toBe(false);
    expect(tooSlow(false, 1_000_001, 1_000_000)).toBe(true);
  });
});
