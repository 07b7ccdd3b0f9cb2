import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clusterConfigSchema } from '../config';
import type { Observation } from '../runs/run-transition';
import type { RunSink } from './job-runner';
import { LocalRunner } from './local-runner';
import { createRunner } from './runner.factory';

/** `npm start` without Kubernetes: an app run on a sandbox cluster is the sandbox installer, a child process. */
describe('the local runner and app runs', () => {
  let workDir: string;
  beforeEach(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'strata-local-'));
  });
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  it('runs the sandbox installer as a child process for an install and reports its outputs', async () => {
    const config = clusterConfigSchema.parse({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://localhost/x',
      NATS_URL: 'nats://127.0.0.1:4222',
      CLUSTER_RUNNER: 'local',
      CLUSTER_LOCAL_WORKDIR: workDir,
    });
    const runner = createRunner(config);
    expect(runner).toBeInstanceOf(LocalRunner);
    const seen: Observation[] = [];
    let log = '';
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const sink: RunSink = {
      observe: async (_runId, observation) => {
        seen.push(observation);
        if (observation.kind !== 'started') ended();
      },
      openLog: () => ({ write: (text) => void (log += text), end: async () => undefined }),
    };
    await runner.begin(sink);
    await runner.start({
      runId: '00000000-0000-4000-8000-000000000001',
      clusterId: '00000000-0000-4000-8000-000000000002',
      orgId: '00000000-0000-4000-8000-000000000003',
      appId: '00000000-0000-4000-8000-000000000004',
      provider: 'sandbox',
      action: 'install',
      jobName: 'strata-install-000000000000',
      params: {
        STRATA_ACTION: 'install',
        APP_CATALOG_ID: 'mlflow',
        APP_RELEASE: 'mlflow',
        APP_NAMESPACE: 'mlflow',
        APP_CHART_VERSION: '1.2.3',
        CLUSTER_NAME: 'lab-local',
        SANDBOX_STEP_MS: '1',
      },
      credentials: { KUBECONFIG_DATA: 'apiVersion: v1\n', APP_VALUES_YAML: '{}\n' },
    });
    await done;
    await runner.stop();
    expect(seen[0]).toEqual({ kind: 'started' });
    expect(seen.at(-1)).toMatchObject({
      kind: 'succeeded',
      outputs: {
        url: 'https://mlflow.lab-local.sandbox.strata.invalid/',
        chartVersion: '1.2.3',
        release: 'mlflow',
        namespace: 'mlflow',
      },
    });
    expect(log).toContain('::strata-progress');
  });
});
