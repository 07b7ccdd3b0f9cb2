import { drainsLogFirst } from '../runs/run-transition';
import { canCancel, canDelete, canRetry, observe, type RunSnapshot } from './cluster-state';

const apply = (state: RunSnapshot['state']): RunSnapshot => ({ action: 'apply', state });
const destroy = (state: RunSnapshot['state']): RunSnapshot => ({ action: 'destroy', state });

describe('cluster state machine', () => {
  it('takes an apply PENDING -> PROVISIONING -> READY', () => {
    expect(observe(apply('PENDING'), { kind: 'started' })).toEqual({
      run: 'RUNNING',
      cluster: 'PROVISIONING',
    });
    expect(observe(apply('RUNNING'), { kind: 'succeeded' })).toEqual({
      run: 'SUCCEEDED',
      cluster: 'READY',
    });
  });

  it('goes straight to the end when the first observation is the end (a Job that ended while the service was down)', () => {
    expect(observe(apply('PENDING'), { kind: 'succeeded' })?.cluster).toBe('READY');
    expect(observe(apply('PENDING'), { kind: 'failed', reason: 'x' })).toEqual({
      run: 'FAILED',
      cluster: 'FAILED',
      reason: 'x',
    });
  });

  it('takes a destroy DELETING -> DELETED | FAILED', () => {
    expect(observe(destroy('PENDING'), { kind: 'started' })?.cluster).toBe('DELETING');
    expect(observe(destroy('RUNNING'), { kind: 'succeeded' })?.cluster).toBe('DELETED');
    expect(observe(destroy('RUNNING'), { kind: 'failed', reason: 'r' })?.cluster).toBe('FAILED');
  });

  it('fails a run whose Job vanished, with a reason', () => {
    const t = observe(apply('RUNNING'), { kind: 'vanished' });
    expect(t).toMatchObject({ run: 'FAILED', cluster: 'FAILED' });
    expect(t?.reason).toMatch(/disappeared/);
  });

  it('cancels a running apply', () => {
    expect(observe(apply('RUNNING'), { kind: 'cancelled' })).toMatchObject({
      run: 'CANCELLED',
      cluster: 'CANCELLED',
    });
  });

  it('is idempotent: repeated and late observations change nothing', () => {
    expect(observe(apply('RUNNING'), { kind: 'started' })).toBeNull();
    for (const state of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      for (const kind of ['started', 'succeeded', 'vanished', 'cancelled'] as const)
        expect(observe(apply(state), { kind })).toBeNull();
      expect(observe(destroy(state), { kind: 'failed', reason: 'again' })).toBeNull();
    }
  });

  it('allows delete from READY, FAILED or CANCELLED only', () => {
    expect(['READY', 'FAILED', 'CANCELLED'].every((s) => canDelete(s as never))).toBe(true);
    expect(
      ['PENDING', 'PROVISIONING', 'DELETING', 'DELETED'].some((s) => canDelete(s as never)),
    ).toBe(false);
  });

  it('cancels only an unfinished apply, retries only a failed run', () => {
    expect(canCancel(apply('RUNNING'))).toBe(true);
    expect(canCancel(apply('PENDING'))).toBe(true);
    expect(canCancel(destroy('RUNNING'))).toBe(false);
    expect(canCancel(apply('SUCCEEDED'))).toBe(false);
    expect(canRetry('FAILED', apply('FAILED'))).toBe(true);
    expect(canRetry('READY', apply('SUCCEEDED'))).toBe(false);
    expect(canRetry('FAILED', undefined)).toBe(false);
  });

  it('waits for the log stream before an end, but not before a cancel (its Pod still writes)', () => {
    expect(drainsLogFirst('SUCCEEDED', { kind: 'succeeded' })).toBe(true);
    expect(drainsLogFirst('FAILED', { kind: 'failed', reason: 'boom' })).toBe(true);
    expect(drainsLogFirst('FAILED', { kind: 'vanished' })).toBe(true);
    expect(drainsLogFirst('CANCELLED', { kind: 'cancelled' })).toBe(false);
    expect(drainsLogFirst('RUNNING', { kind: 'started' })).toBe(false);
  });
});
