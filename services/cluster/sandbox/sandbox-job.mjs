#!/usr/bin/env node
// The sandbox provider's job: follows the Strata job contract (docs/job-contract.md) without any
// cloud. Environment in; log lines and `::strata-progress step=<name> percent=<n>` lines on
// stdout; outputs as JSON in the termination message (/dev/termination-log in Kubernetes, or the
// file named by STRATA_TERMINATION_MESSAGE_PATH). SANDBOX_FAIL_AT=<step> makes it fail there;
// SANDBOX_STEP_MS sets the pause per step (default 300 ms).
import { finishWith, sleep } from './job-exit.mjs';

const env = process.env;
const terminationPath = env.STRATA_TERMINATION_MESSAGE_PATH || '/dev/termination-log';
const action = env.STRATA_ACTION || 'apply';
const name = env.CLUSTER_NAME || 'sandbox';
const stepMs = Number(env.SANDBOX_STEP_MS || 300);
const steps =
  action === 'destroy'
    ? ['node-pool', 'control-plane', 'network']
    : ['network', 'control-plane', 'node-pool', 'addons'];

const finish = (message, code) => finishWith(terminationPath, message, code);
process.on('SIGTERM', () => finish({ outputs: {}, error: 'Cancelled (SIGTERM).' }, 143));

console.log(`sandbox: ${action} of cluster ${name} in ${env.CLUSTER_REGION} (simulated, no cloud)`);
for (const [index, step] of steps.entries()) {
  console.log(`sandbox: ${step}: working`);
  await sleep(stepMs);
  if (env.SANDBOX_FAIL_AT === step) {
    console.log(`sandbox: ${step}: failed on request (SANDBOX_FAIL_AT=${step})`);
    finish({ outputs: {}, error: `Simulated failure at step ${step}.` }, 1);
  }
  console.log(
    `::strata-progress step=${step} percent=${Math.round(((index + 1) / steps.length) * 100)}`,
  );
}
console.log(`sandbox: ${action} complete`);
finish(
  action === 'destroy'
    ? { outputs: { destroyed: true } }
    : {
        outputs: {
          endpoint: `https://${name}.sandbox.strata.invalid`,
          version: env.CLUSTER_KUBERNETES_VERSION || '1.33',
          region: env.CLUSTER_REGION || 'sandbox-1',
          nodeCount: Number(env.CLUSTER_NODE_MIN_SIZE || 1),
        },
      },
  0,
);
