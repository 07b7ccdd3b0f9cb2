import { StreamClock } from './stream-clock';

describe('StreamClock', () => {
  it('gives each stream back once, at the first tick at or after its expiry second', () => {
    const clock = new StreamClock<string>(15_000, 0);
    clock.expireAt('a', 10_200); // due at 11 s
    clock.expireAt('b', 11_000); // due at 11 s
    clock.expireAt('c', 30_000);
    expect(clock.expired(10_999)).toEqual([]);
    expect(clock.expired(11_000).sort()).toEqual(['a', 'b']);
    expect(clock.expired(12_000)).toEqual([]);
    expect(clock.expired(40_000)).toEqual(['c']);
  });

  it('forgets a stream that closed before its expiry', () => {
    const clock = new StreamClock<string>(15_000, 0);
    clock.expireAt('a', 5_000);
    clock.expireAt('b', 5_000);
    clock.forget('a', 5_000);
    expect(clock.expired(6_000)).toEqual(['b']);
  });

  it('beats every heartbeat, ticking every second or faster for a short heartbeat', () => {
    const slow = new StreamClock<string>(15_000, 0);
    expect(slow.tickMs).toBe(1000);
    const beats = [];
    for (let t = 1000; t <= 45_000; t += 1000) if (slow.heartbeatDue(t)) beats.push(t);
    expect(beats).toEqual([15_000, 30_000, 45_000]);
    const fast = new StreamClock<string>(500, 0);
    expect(fast.tickMs).toBe(500);
    expect(fast.heartbeatDue(499)).toBe(true); // an interval a little early still beats
    expect(fast.heartbeatDue(600)).toBe(false);
  });
});
