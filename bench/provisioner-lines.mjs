#!/usr/bin/env node
// Strata bench: the provisioner entrypoint's cost per forwarded line. A report, not a test.
//
//   npx tsc -b provisioners && node bench/provisioner-lines.mjs
//   BENCH_LINES=500000 BENCH_ROUNDS=5 node bench/provisioner-lines.mjs
//
// The fake tofu (provisioners/test/fakes/tofu.fake.mjs, scenario `lines`) prints BENCH_LINES
// apply_progress messages of OpenTofu's machine-readable UI during `tofu apply`. Measured in the
// same run, each best of BENCH_ROUNDS:
//   entrypoint   the whole run (init, plan, apply, output through the fake), every UI message
//                parsed, turned into a readable line, masked against the run's credentials and
//                written to stdout (read here and counted);
//   node forwarder  bench/provisioner-forward-baseline.mjs: a Node process that spawns the fake's
//                `tofu apply -json`, splits lines, JSON.parse-s each and writes its @message (the
//                least a Node translator does: the baseline the ratio is taken against);
//   passthrough  the fake's `tofu apply -json` piped through `cat` (the cheapest forwarding, a
//                floor; its per-line time is near the noise at these counts).
// Each is also run with 0 lines, and the difference is the per-line cost:
// lines/s = BENCH_LINES / (t(N lines) - t(0 lines)), so process start-ups and the fake's other
// commands cancel out. The ratio is the entrypoint's throughput over the node forwarder's, both
// measured in this run (so machine load mostly cancels out too).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entrypoint = path.join(root, 'provisioners', 'dist', 'main.js');
const fake = path.join(root, 'provisioners', 'test', 'fakes', 'tofu.fake.mjs');
const forwarder = path.join(root, 'bench', 'provisioner-forward-baseline.mjs');
const lines = Number(process.env.BENCH_LINES || 200_000);
const rounds = Number(process.env.BENCH_ROUNDS || 3);

const runEnv = (dir, count) => ({
  PATH: process.env.PATH,
  STRATA_RUN_ID: '11111111-2222-4333-8444-555555555555',
  STRATA_CLUSTER_ID: '7f3e2d1c-0b9a-4877-8665-544332211000',
  STRATA_ORG_ID: '0b6d4c1e-8a35-4c55-9d1e-2f1a3b4c5d6e',
  STRATA_ACTION: 'apply',
  STRATA_PROVIDER: 'aws',
  CLUSTER_NAME: 'bench',
  CLUSTER_REGION: 'eu-west-1',
  CLUSTER_KUBERNETES_VERSION: '1.33',
  CLUSTER_VPC_CIDR: '10.0.0.0/16',
  CLUSTER_PUBLIC_SUBNET_CIDRS: '10.0.0.0/19,10.0.32.0/19',
  CLUSTER_PRIVATE_SUBNET_CIDRS: '10.0.128.0/18,10.0.192.0/18',
  CLUSTER_NODE_INSTANCE_TYPE: 't3.large',
  CLUSTER_NODE_MIN_SIZE: '1',
  CLUSTER_NODE_MAX_SIZE: '3',
  STATE_BACKEND: 's3',
  STATE_KEY: 'clusters/o/c/terraform.tfstate',
  STATE_S3_BUCKET: 'strata-state',
  STATE_S3_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEYID0001',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE/SESSION+TOKEN==',
  STRATA_TERMINATION_MESSAGE_PATH: path.join(dir, 'termination-log'),
  STRATA_WORK_DIR: path.join(dir, 'work'),
  STRATA_MODULES_DIR: path.join(root, 'provisioners'),
  TOFU_BINARY: fake,
  FAKE_TOFU_SCENARIO: 'lines',
  FAKE_TOFU_LINES: String(count),
});

/** Runs a command, counts the lines it prints; resolves with the seconds it took. */
function timed(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let count = 0;
    child.stdout.on('data', (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count += 1;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
      resolve({ seconds: (performance.now() - started) / 1000, lines: count });
    });
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-bench-prov-'));
const entrypointRun = (count) => timed(process.execPath, [entrypoint], runEnv(dir, count));
const forwarderRun = (count) => timed(process.execPath, [forwarder], runEnv(dir, count));
const passthroughRun = (count) =>
  timed('sh', ['-c', `"${fake}" apply -input=false -json plan | cat`], runEnv(dir, count));

try {
  const paths = [
    ['entrypoint (parse, translate, mask, write)', entrypointRun],
    ['node forwarder (split, JSON.parse, write @message)', forwarderRun],
    ['passthrough (fake tofu apply | cat)', passthroughRun],
  ];
  // Rounds interleave the paths (each round runs every path with 0 and with N lines), so a
  // change in the machine's load hits all of them alike; each keeps its best time.
  const rows = paths.map(([name]) => ({ name, empty: undefined, full: undefined }));
  const keepBest = (kept, r) => (!kept || r.seconds < kept.seconds ? r : kept);
  for (let i = 0; i < rounds; i += 1)
    for (const [index, [, run]] of paths.entries()) {
      rows[index].empty = keepBest(rows[index].empty, await run(0));
      rows[index].full = keepBest(rows[index].full, await run(lines));
    }
  for (const row of rows) row.rate = lines / (row.full.seconds - row.empty.seconds);
  const [ep, node, cat] = rows;
  console.log(
    `provisioner entrypoint: ${lines} UI lines, best of ${rounds} (${os.cpus().length} CPUs)\n`,
  );
  console.log('| Path | t(0 lines) s | t(N lines) s | lines printed | lines/s | per line µs |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.empty.seconds.toFixed(3)} | ${r.full.seconds.toFixed(3)} | ${r.full.lines} | ${Math.round(r.rate)} | ${(1e6 / r.rate).toFixed(2)} |`,
    );
  console.log(`\nentrypoint / node forwarder throughput: ${(ep.rate / node.rate).toFixed(3)}`);
  console.log(`entrypoint / passthrough (cat) throughput: ${(ep.rate / cat.rate).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
