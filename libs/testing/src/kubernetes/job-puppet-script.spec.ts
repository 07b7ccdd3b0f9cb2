import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '..', '..', 'job-puppet', 'strata-job-puppet');

/** The test job image's script, run here as a process: its orders do what the stand-in's exec does. */
describe('strata-job-puppet', () => {
  it('logs to the main process’s stdout, then writes the termination message and exits with the code', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'puppet-'));
    const env = {
      ...process.env,
      PUPPET_DIR: path.join(dir, 'state'),
      PUPPET_TERMINATION_LOG: path.join(dir, 'termination-log'),
    };
    // In a container, stdout is a pipe (what the log verb opens through /proc); so it is here.
    const main = spawn('bash', ['-c', 'set -o pipefail; sh "$0" | cat', SCRIPT], { env });
    let stdout = '';
    main.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => main.on('exit', resolve));
    await run('sh', [SCRIPT, 'log', 'line one\nline two\n'], { env });
    await run('sh', [SCRIPT, 'exit', '3', '{"error":"boom"}'], { env });
    expect(await exited).toBe(3);
    expect(stdout).toBe('line one\nline two\n');
    expect(await readFile(env.PUPPET_TERMINATION_LOG, 'utf8')).toBe('{"error":"boom"}');
  });

  it('refuses an unknown order', async () => {
    await expect(run('sh', [SCRIPT, 'dance'])).rejects.toMatchObject({ code: 64 });
  });
});
