#!/usr/bin/env node
// `npm test`: builds (the e2e suites run the built services as processes), checks and lints the
// committed OpenAPI document, then every test:
// unit specs beside the code, then end-to-end suites against real PostgreSQL and NATS, then (for a
// whole run) the cluster suites once more in their KUBECONFIG mode.
import { run } from './lib/run.mjs';

const extra = process.argv.slice(2);
await run('node', ['scripts/build.mjs'], { label: 'build' });
// The committed OpenAPI document is what the gateway's decorators say, and lints at 0 errors.
await run('node', ['scripts/openapi.mjs', '--check'], { label: 'OpenAPI document up to date' });
await run('npm', ['run', '--silent', 'openapi:lint'], { label: 'OpenAPI lint' });
await run('npx', ['jest', '--selectProjects', 'unit', ...extra], { label: 'unit tests' });
await run('npx', ['jest', '--selectProjects', 'e2e', '--runInBand', ...extra], {
  label: 'e2e tests',
});
if (extra.length === 0)
  await run('node', ['scripts/test-kubeconfig-mode.mjs'], {
    label: 'cluster suites, KUBECONFIG mode',
  });
