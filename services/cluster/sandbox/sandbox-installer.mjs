#!/usr/bin/env node
// The sandbox app installer: follows the app-run contract (docs/apps.md, docs/job-contract.md)
// without any cluster or Helm. Environment in (STRATA_ACTION install|upgrade|uninstall,
// APP_CATALOG_ID, APP_RELEASE, APP_NAMESPACE, APP_CHART_VERSION, CLUSTER_NAME or
// STRATA_CLUSTER_ID); log lines and `::strata-progress step=<name> percent=<n>` lines on stdout;
// outputs in the termination message (/dev/termination-log, or STRATA_TERMINATION_MESSAGE_PATH):
// url https://<release>.<cluster>.sandbox.strata.invalid/, urls, appVersion, chartVersion,
// release, namespace. SANDBOX_FAIL_AT=<step> fails there; SANDBOX_STEP_MS is the pause per step
// (default 300 ms). The image: services/cluster/sandbox/Dockerfile, command
// ["node", "/opt/strata/sandbox-installer.mjs"].
import { finishWith, sleep } from './job-exit.mjs';

const env = process.env;
const terminationPath = env.STRATA_TERMINATION_MESSAGE_PATH || '/dev/termination-log';
const action = env.STRATA_ACTION || 'install';
const catalogId = env.APP_CATALOG_ID || 'app';
const release = env.APP_RELEASE || catalogId;
const namespace = env.APP_NAMESPACE || release;
const chartVersion = env.APP_CHART_VERSION || '0.0.0';
const cluster = env.CLUSTER_NAME || env.STRATA_CLUSTER_ID || 'sandbox';
const stepMs = Number(env.SANDBOX_STEP_MS || 300);

/** The workloads each catalog app's chart brings up (simulated), and its app version. */
const APPS = {
  'code-server': { appVersion: '4.133.0', workloads: ['deployment'] },
  jupyterhub: {
    appVersion: '4.1.6',
    workloads: ['image-puller', 'hub', 'proxy', 'user-scheduler'],
  },
  mlflow: { appVersion: '3.15.1', workloads: ['database', 'migrations', 'tracking-server'] },
  airflow: {
    appVersion: '2.10.5',
    workloads: ['database', 'migrations', 'scheduler', 'triggerer', 'webserver', 'create-user'],
  },
  superset: { appVersion: '4.1.2', workloads: ['database', 'redis', 'web', 'worker', 'init-db'] },
};
const app = APPS[catalogId] ?? { appVersion: '0.0.0', workloads: ['workload'] };
const steps =
  action === 'uninstall'
    ? ['uninstall', 'cleanup']
    : ['prepare', 'chart', ...app.workloads, 'ready'];

const finish = (message, code) => finishWith(terminationPath, message, code);
process.on('SIGTERM', () => {
  console.log('sandbox: SIGTERM: cancelled');
  finish({ outputs: { release, namespace }, error: 'cancelled' }, 143);
});

console.log(
  `sandbox: ${action} of ${catalogId} (chart ${env.APP_CHART || catalogId} ${chartVersion}) as release ${release} in namespace ${namespace} on cluster ${cluster} (simulated, no cluster)`,
);
for (const [index, step] of steps.entries()) {
  console.log(`sandbox: ${step}: working`);
  await sleep(stepMs);
  if (env.SANDBOX_FAIL_AT === step) {
    console.log(`sandbox: ${step}: failed on request (SANDBOX_FAIL_AT=${step})`);
    finish({ outputs: { release, namespace }, error: `Simulated failure at step ${step}.` }, 1);
  }
  console.log(`sandbox: ${step}: ${action === 'uninstall' ? 'done' : 'ready'}`);
  console.log(
    `::strata-progress step=${step} percent=${Math.round(((index + 1) / steps.length) * 100)}`,
  );
}
console.log(`sandbox: ${action} complete`);
const url = `https://${release}.${cluster}.sandbox.strata.invalid/`;
finish(
  action === 'uninstall'
    ? { outputs: { uninstalled: true, release, namespace } }
    : {
        outputs: {
          url,
          urls: url,
          appVersion: app.appVersion,
          chartVersion,
          release,
          namespace,
        },
      },
  0,
);
