import { isAdvisoryLockTimeout } from './migrate';

describe('isAdvisoryLockTimeout', () => {
  it('recognises Prisma giving up on its migration lock, and nothing else', () => {
    const lockTimeout = new Error(
      'prisma migrate deploy failed in /srv/services/auth (exit 1):\nError: P1002\n' +
        'Context: Timed out trying to acquire a postgres advisory lock (SELECT pg_advisory_lock(72707369)). Timeout: 10000ms.',
    );
    expect(isAdvisoryLockTimeout(lockTimeout)).toBe(true);
    expect(isAdvisoryLockTimeout(new Error('Error: P3009 migrate found failed migrations'))).toBe(
      false,
    );
    expect(isAdvisoryLockTimeout('Timed out trying to acquire a postgres advisory lock')).toBe(
      false,
    );
  });
});
