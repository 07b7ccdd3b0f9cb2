import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The installer's entrypoint (dist/main.js, built by `tsc -b`) as a child process against the fake
 * helm (libs/testing/src/fakes/helm.fake.mjs), which replays Helm's output formats and records
 * every argv.
 */
const MAIN = path.resolve(__dirname, '../dist/main.js');
const FAKE_HELM = path.resolve(__dirname, '../../libs/testing/src/fakes/helm.fake.mjs');

const ADMIN_PASSWORD = 'Adm1n-pa55word-generated';
const COOKIE_SECRET = 'c0ffee'.repeat(10) + 'abcd';
const TOKEN = 'k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_secret-token';
const VALUES = `hub:
  config:
    DummyAuthenticator:
      password: ${ADMIN_PASSWORD}
    Authenticator:
      admin_users: [admin]
  cookieSecret: "${COOKIE_SECRET}"
proxy:
  service:
    type: ClusterIP
`;
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster:
      server: https://api.example.com
users:
  - name: u
    user:
      token: ${TOKEN}
contexts:
  - name: c
    context: { cluster: c, user: u }
current-context: c
`;

interface Run {
  code: number | null;
  stdout: string;
  termination: { outputs: Record<string, unknown>; error?: string };
  calls: string[][];
  files: {
    valuesPath: string;
    valuesMode: string;
    kubeconfigMode: string;
    kubeconfigPath: string;
    env: string[];
  } | null;
  state: { revisions: { revision: number; status: string }[] } | null;
}

let dir: string;
beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} does not exist: build first (npm run build)`);
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'installer-spec-'));
  mkdirSync(path.join(dir, 'charts'));
  writeFileSync(path.join(dir, 'charts', 'jupyterhub-3.3.8.tgz'), 'not a real chart');
  mkdirSync(path.join(dir, 'helm'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function givenRelease(revisions: { revision: number; status: string }[]) {
  writeFileSync(
    path.join(dir, 'helm', 'state.json'),
    JSON.stringify({
      revisions: revisions.map((r) => ({
        ...r,
        updated: '2026-12-01T10:00:00Z',
        chart: 'jupyterhub-3.3.8',
        app_version: '4.1.6',
        description: '',
      })),
      config: { hub: { cookieSecret: COOKIE_SECRET } },
    }),
  );
}

function start(extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TMPDIR: path.join(dir),
    STRATA_RUN_ID: 'run-1',
    STRATA_ACTION: 'install',
    APP_CATALOG_ID: 'jupyterhub',
    APP_RELEASE: 'jupyterhub',
    APP_NAMESPACE: 'data',
    APP_CHART: 'jupyterhub/jupyterhub',
    APP_CHART_VERSION: '3.3.8',
    APP_TIMEOUT_SECONDS: '900',
    APP_URLS: 'https://hub.example.com/,http://proxy-public.data.svc.cluster.local/',
    KUBECONFIG_DATA: KUBECONFIG,
    APP_VALUES_YAML: VALUES,
    STRATA_TERMINATION_MESSAGE_PATH: path.join(dir, 'termination'),
    STRATA_CHARTS_DIR: path.join(dir, 'charts'),
    HELM_BIN: FAKE_HELM,
    FAKE_HELM_DIR: path.join(dir, 'helm'),
    FAKE_HELM_APP_VERSION: '4.1.6',
    ...extra,
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      const read = (file: string) => {
        const p = path.join(dir, file);
        return existsSync(p) ? readFileSync(p, 'utf8') : null;
      };
      resolve({
        code,
        stdout,
        termination: JSON.parse(read('termination') ?? '{}'),
        calls: (read('helm/calls.jsonl') ?? '')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
        files: JSON.parse(read('helm/files.json') ?? 'null'),
        state: JSON.parse(read('helm/state.json') ?? 'null'),
      });
    }),
  );
  return { child, done, output: () => stdout };
}

const commands = (run: Run) => run.calls.map((argv) => argv[0]);

describe('the app installer', () => {
  it('installs with helm upgrade --install --wait from the baked chart and reports the outputs', async () => {
    const run = await start().done;
    expect(run.code).toBe(0);
    expect(commands(run)).toEqual(['history', 'upgrade', 'status']);
    const upgrade = run.calls[1]!;
    expect(upgrade.slice(0, 4)).toEqual([
      'upgrade',
      '--install',
      'jupyterhub',
      path.join(dir, 'charts', 'jupyterhub-3.3.8.tgz'),
    ]);
    expect(upgrade).toEqual(
      expect.arrayContaining([
        '--namespace',
        'data',
        '--create-namespace',
        '--values',
        '--wait',
        '--wait-for-jobs',
        '--timeout',
        '900s',
      ]),
    );
    expect(upgrade).not.toContain('--atomic');
    expect(upgrade[upgrade.indexOf('--timeout') + 1]).toBe('900s');
    // The secrets went to 0600 files under the temp directory, not to helm's environment.
    expect(run.files).toMatchObject({ valuesMode: '600', kubeconfigMode: '600', env: [] });
    expect(run.files!.valuesPath.startsWith(dir)).toBe(true);
    expect(existsSync(run.files!.valuesPath)).toBe(false); // removed at the end
    expect(run.termination).toEqual({
      outputs: {
        url: 'https://hub.example.com/',
        urls: 'https://hub.example.com/,http://proxy-public.data.svc.cluster.local/',
        appVersion: '4.1.6',
        chartVersion: '3.3.8',
        release: 'jupyterhub',
        namespace: 'data',
      },
    });
    expect(run.stdout).toMatch(/^::strata-progress step=install percent=30$/m);
    expect(run.stdout).toMatch(/^::strata-progress step=done percent=100$/m);
    expect(run.stdout).toContain('helm: STATUS: deployed');
    for (const secret of [ADMIN_PASSWORD, COOKIE_SECRET, TOKEN])
      expect(run.stdout).not.toContain(secret);
  });

  it('fails with the reason when the release is not ready within the timeout', async () => {
    givenRelease([{ revision: 1, status: 'deployed' }]);
    const run = await start({ STRATA_ACTION: 'upgrade', FAKE_HELM_BEHAVIOUR: 'timeout' }).done;
    expect(run.code).toBe(1);
    expect(run.termination.error).toBe(
      'the release was not ready within 900s (helm: UPGRADE FAILED: context deadline exceeded)',
    );
    expect(run.stdout).toContain('helm: Error: UPGRADE FAILED: context deadline exceeded');
    expect(commands(run)).toEqual(['history', 'upgrade']);
  });

  it('uninstalls a release left pending-install by an interrupted run, then installs afresh', async () => {
    givenRelease([{ revision: 1, status: 'pending-install' }]);
    const run = await start().done;
    expect(run.code).toBe(0);
    expect(commands(run)).toEqual(['history', 'uninstall', 'upgrade', 'status']);
    expect(run.calls[1]).toEqual(expect.arrayContaining(['uninstall', 'jupyterhub', '--wait']));
    expect(run.stdout).toContain(
      'revision 1 is pending-install (an interrupted run): uninstalling it',
    );
    expect(run.state!.revisions).toEqual([
      expect.objectContaining({ revision: 1, status: 'deployed' }),
    ]);
  });

  it('rolls a release left pending-upgrade back to its last deployed revision, then upgrades', async () => {
    givenRelease([
      { revision: 1, status: 'superseded' },
      { revision: 2, status: 'deployed' },
      { revision: 3, status: 'pending-upgrade' },
    ]);
    const run = await start({ STRATA_ACTION: 'upgrade' }).done;
    expect(run.code).toBe(0);
    expect(commands(run)).toEqual(['history', 'rollback', 'upgrade', 'status']);
    expect(run.calls[1]!.slice(0, 3)).toEqual(['rollback', 'jupyterhub', '2']);
    expect(run.calls[1]).toEqual(expect.arrayContaining(['--wait', '--timeout', '900s']));
    expect(run.state!.revisions.map((r) => r.status)).toEqual([
      'superseded',
      'superseded',
      'failed',
      'superseded',
      'deployed',
    ]);
  });

  it('uninstalls with helm uninstall --wait, and treats a missing release as uninstalled', async () => {
    givenRelease([{ revision: 1, status: 'deployed' }]);
    const run = await start({ STRATA_ACTION: 'uninstall', APP_VALUES_YAML: '' }).done;
    expect(run.code).toBe(0);
    expect(commands(run)).toEqual(['status', 'uninstall']);
    expect(run.calls[1]).toEqual([
      'uninstall',
      'jupyterhub',
      '--namespace',
      'data',
      '--wait',
      '--timeout',
      '900s',
    ]);
    expect(run.state).toBeNull();
    expect(run.termination).toEqual({
      outputs: { uninstalled: true, release: 'jupyterhub', namespace: 'data' },
    });

    const again = await start({ STRATA_ACTION: 'uninstall', APP_VALUES_YAML: '' }).done;
    expect(again.code).toBe(0);
    // The calls file holds the first run's status and uninstall, then this run's status alone.
    expect(commands(again)).toEqual(['status', 'uninstall', 'status']);
    expect(again.stdout).toContain('release jupyterhub is not installed: nothing to uninstall');
  });

  it('on SIGTERM stops helm (SIGTERM forwarded) and exits with the error cancelled', async () => {
    const running = start({ FAKE_HELM_BEHAVIOUR: 'hang' });
    while (!running.output().includes('helm: waiting for the release to be ready'))
      await new Promise((resolve) => setTimeout(resolve, 20));
    running.child.kill('SIGTERM');
    const run = await running.done;
    expect(run.code).toBe(143);
    expect(run.termination.error).toBe('cancelled');
    expect(run.calls.at(-1)).toEqual(['<SIGTERM>']);
    expect(run.stdout).toContain('helm: Error: INSTALLATION FAILED: context canceled');
  });

  it('masks the values’ secrets and the kubeconfig token in what helm prints', async () => {
    const run = await start({ FAKE_HELM_BEHAVIOUR: 'leak' }).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('helm:       password: ***');
    expect(run.stdout).toContain('helm:       token: ***');
    expect(run.stdout).toContain('helm:   cookieSecret: "***"');
    for (const secret of [ADMIN_PASSWORD, COOKIE_SECRET, TOKEN])
      expect(run.stdout).not.toContain(secret);
  });

  it('refuses a bad environment before running helm', async () => {
    const run = await start({ APP_RELEASE: 'Not_A_Release' }).done;
    expect(run.code).toBe(2);
    expect(run.termination).toEqual({
      outputs: {},
      error: 'APP_RELEASE must be a DNS label of at most 53 characters.',
    });
    expect(run.calls).toEqual([]);
    const missing = await start({ APP_CHART_VERSION: '9.9.9' }).done;
    expect(missing.termination.error).toMatch(
      /^the chart jupyterhub\/jupyterhub 9\.9\.9 is not in this image/,
    );
  });
});
