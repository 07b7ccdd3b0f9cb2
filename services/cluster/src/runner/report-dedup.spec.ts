import { ReportDedup } from './report-dedup';

describe('ReportDedup', () => {
  it('lets one report through per change of a run’s observation', () => {
    const dedup = new ReportDedup();
    expect(dedup.fresh('r1', { kind: 'started' })).toBe(true);
    expect(dedup.fresh('r1', { kind: 'started' })).toBe(false); // the Job's event after the Pod's
    expect(dedup.fresh('r2', { kind: 'started' })).toBe(true); // another run
    expect(dedup.fresh('r1', { kind: 'succeeded', outputs: { a: 1 } })).toBe(true);
    expect(dedup.fresh('r1', { kind: 'succeeded', outputs: { a: 1 } })).toBe(false); // a replay
    expect(dedup.fresh('r1', { kind: 'succeeded', outputs: { a: 2 } })).toBe(true);
  });

  it('reports again after forget (a report that failed, a Job deleted)', () => {
    const dedup = new ReportDedup();
    dedup.fresh('r1', { kind: 'failed', reason: 'x' });
    dedup.forget('r1');
    expect(dedup.size).toBe(0);
    expect(dedup.fresh('r1', { kind: 'failed', reason: 'x' })).toBe(true);
  });
});
