import { logOffset, logOffsetQuery } from './log-offset';

describe('a run log page offset (?after=)', () => {
  it('reads a whole number of bytes, 0 when absent', () => {
    expect(logOffset(undefined)).toBe(0n);
    expect(logOffset('1024')).toBe(1024n);
  });

  it('refuses anything else with 400 gateway.invalid_offset, the same rule the document states', () => {
    for (const bad of ['-1', '1.5', 'abc', '', '1'.repeat(16)]) {
      expect(() => logOffset(bad)).toThrow(expect.objectContaining({ status: 400 }));
      expect(logOffsetQuery.safeParse({ after: bad }).success).toBe(false);
    }
  });
});
