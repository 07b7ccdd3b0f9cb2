import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseTerminationMessage } from '../../runner/job-contract';

/** services/cluster/sandbox/sandbox-installer.mjs as the local runner runs it: a child process. */
const SCRIPT = path.resolve(__dirname, '../../../sandbox/sandbox-installer.mjs');

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sandbox-installer-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>, onLine?: (line: string, kill: () => void) => void) {
  const child = spawn(process.execPath, [SCRIPT], {
    env: {
      PATH: process.env.PATH,
      STRATA_TERMINATION_MESSAGE_PATH: path.join(dir, 'termination'),
      SANDBOX_STEP_MS: '5',
      APP_CATALOG_ID: 'jupyterhub',
      APP_RELEASE: 'jupyterhub',
      APP_NAMESPACE: 'jupyterhub',
      APP_CHART: 'jupyterhub/jupyterhub',
      APP_CHART_VERSION: '3.3.8',
      CLUSTER_NAME: 'web-abc',
      ...env,
    },
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const line of d.toString().split('\n')) onLine?.(line, () => child.kill('SIGTERM'));
  });
  return new Promise<{
    code: number | null;
    stdout: string;
    message: ReturnType<typeof parseTerminationMessage>;
  }>((resolve) =>
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        message: parseTerminationMessage(readFileSync(path.join(dir, 'termination'), 'utf8')),
      }),
    ),
  );
}

describe('the sandbox installer', () => {
  it('simulates an install with progress and reports the app outputs', async () => {
    const result = await run({ STRATA_ACTION: 'install' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'sandbox: install of jupyterhub (chart jupyterhub/jupyterhub 3.3.8)',
    );
    expect(result.stdout).toMatch(/^::strata-progress step=hub percent=\d+$/m);
    expect(result.stdout).toMatch(/^::strata-progress step=ready percent=100$/m);
    expect(result.message).toEqual({
      outputs: {
        url: 'https://jupyterhub.web-abc.sandbox.strata.invalid/',
        urls: 'https://jupyterhub.web-abc.sandbox.strata.invalid/',
        appVersion: '4.1.6',
        chartVersion: '3.3.8',
        release: 'jupyterhub',
        namespace: 'jupyterhub',
      },
    });
  });

  it('fails at SANDBOX_FAIL_AT, uninstalls, and stops on SIGTERM with cancelled', async () => {
    const failed = await run({ STRATA_ACTION: 'upgrade', SANDBOX_FAIL_AT: 'proxy' });
    expect(failed.code).toBe(1);
    expect(failed.message.error).toBe('Simulated failure at step proxy.');
    expect(failed.stdout).not.toContain('step=ready');

    const uninstalled = await run({ STRATA_ACTION: 'uninstall' });
    expect(uninstalled.code).toBe(0);
    expect(uninstalled.message.outputs).toEqual({
      uninstalled: true,
      release: 'jupyterhub',
      namespace: 'jupyterhub',
    });

    const cancelled = await run(
      { STRATA_ACTION: 'install', SANDBOX_STEP_MS: '60000' },
      (line, kill) => {
        if (line === 'sandbox: prepare: working') kill();
      },
    );
    expect(cancelled.code).toBe(143);
    expect(cancelled.message.error).toBe('cancelled');
  });
});
