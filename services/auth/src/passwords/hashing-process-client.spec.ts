import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { HashingProcess } from './hashing-process-client';
import { HASHING_NICENESS } from './hashing-protocol';

/** Niceness and CPU ticks of each thread of a process (/proc/<pid>/task/<tid>/stat). */
function threadsOf(pid: number): { nice: number; ticks: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime is 14th, stime 15th, nice 19th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { nice: Number(fields[16]), ticks: Number(fields[11]) + Number(fields[12]) };
  });
}

describe('HashingProcess', () => {
  const hashing = new HashingProcess();
  afterAll(() => hashing.close());

  it('hashes and verifies in a child process, on threads at a lower priority than ours', async () => {
    const hashes = await Promise.all(
      Array.from({ length: 8 }, () => hashing.hash('correct horse battery')),
    );
    await expect(hashing.verify(hashes[0], 'correct horse battery')).resolves.toBe(true);
    await expect(hashing.verify(hashes[0], 'wrong horse battery')).resolves.toBe(false);

    const pid = hashing.pid!;
    expect(pid).not.toBe(process.pid);
    expect(getPriority()).toBeLessThan(HASHING_NICENESS);
    // The threads that did the work (argon2 on libuv's pool) run at the hashing niceness.
    const busy = threadsOf(pid).filter((thread) => thread.nice === HASHING_NICENESS);
    expect(busy.length).toBeGreaterThanOrEqual(2); // the main thread and a pool thread
    const hashed = busy.reduce((sum, thread) => sum + thread.ticks, 0);
    const total = threadsOf(pid).reduce((sum, thread) => sum + thread.ticks, 0);
    expect(hashed).toBeGreaterThan(total / 2);
  });

  it('refuses a malformed hash with argon2’s reason, not the password', async () => {
    await expect(hashing.verify('not-a-hash', 'hunter2-secret')).rejects.toThrow(
      /^password hashing failed: (?!.*hunter2)/,
    );
  });

  it('fails the calls it held with auth.busy when the process dies, and starts again', async () => {
    await hashing.hash('warm');
    const first = hashing.pid!;
    const held = hashing.hash('held when it dies');
    process.kill(first, 'SIGKILL');
    await expect(held).rejects.toMatchObject({ status: 503, code: 'auth.busy' });
    await expect(hashing.verify(await hashing.hash('again'), 'again')).resolves.toBe(true);
    expect(hashing.pid).not.toBe(first);
  });
});
