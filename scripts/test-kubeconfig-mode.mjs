#!/usr/bin/env node
// The cluster suites in their KUBECONFIG mode (docs/testing.md), with the Kubernetes API stand-in
// served on its own, as a cluster would be, in place of a real cluster: no Kubernetes API server
// can run here. It proves the suites' real-cluster path (a namespace of their own, Pods that start
// by themselves, the job image driven by exec, watches broken and 410 Gone through the proxy).
// Against a real cluster: KUBECONFIG=~/.kube/config npx jest --selectProjects e2e --runInBand test/clusters
import { createRequire } from 'node:module';
import { run } from './lib/run.mjs';

const require = createRequire(import.meta.url);
const { startKubernetesApiStandIn } = require('../libs/testing/dist/index.js');

const cluster = await startKubernetesApiStandIn({ kubelet: true });
try {
  await run(
    'npx',
    [
      'jest',
      '--selectProjects',
      'e2e',
      '--runInBand',
      '--testPathPatterns',
      'test/clusters(-runs)?\\.e2e-spec\\.ts$',
      ...process.argv.slice(2),
    ],
    {
      label: 'cluster suites in KUBECONFIG mode (the API stand-in served as the cluster)',
      env: {
        ...process.env,
        KUBECONFIG: cluster.kubeconfigPath,
        STRATA_E2E_KUBE_CONTEXT: 'stand-in',
      },
    },
  );
} finally {
  await cluster.stop();
}
