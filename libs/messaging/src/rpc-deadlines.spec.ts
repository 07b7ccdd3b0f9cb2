import { DEFAULT_RPC_DEADLINES, deadlineClass, deadlineFor } from './rpc-deadlines';

describe('RPC deadlines', () => {
  it('gives reads the short deadline', () => {
    for (const subject of [
      'auth.session.list',
      'notify.notification.count',
      'cluster.run.logs',
      'accounts.username.check',
      'notify.events.since',
    ])
      expect(deadlineClass(subject)).toBe('readMs');
  });

  it('gives password hashing, cloud calls and cluster creation the long one', () => {
    for (const subject of [
      'auth.session.login',
      'auth.user.register',
      'cloud.account.create',
      'cluster.cluster.create',
    ])
      expect(deadlineClass(subject)).toBe('slowMs');
  });

  it('gives other changes the write deadline', () => {
    expect(deadlineClass('accounts.org.update')).toBe('writeMs');
    expect(deadlineClass('notify.notification.mark_read')).toBe('writeMs');
  });

  it('keeps reads shorter than writes, and writes shorter than slow requests, by default', () => {
    const { readMs, writeMs, slowMs } = DEFAULT_RPC_DEADLINES;
    expect(readMs).toBeLessThan(writeMs);
    expect(writeMs).toBeLessThan(slowMs);
    expect(deadlineFor('auth.session.list', { readMs: 1, writeMs: 2, slowMs: 3 })).toBe(1);
  });
});
