// Strata bench: one cluster service tracking many concurrent runs (default 1,000) against the
// Kubernetes API stand-in. A report, not a test: nothing is asserted.
//
//   npm run build && node bench/cluster-runs.mjs
//   BENCH_RUNS=200 BENCH_RATE=20 node bench/cluster-runs.mjs
//   BENCH_RESULT_FILE=2026-12-02-cluster-runs-after.md BENCH_CPU_PROF=/tmp/prof node bench/cluster-runs.mjs
//
// BENCH_CPU_PROF: a directory for a CPU profile of the cluster process (bench/cpu-profile.cjs,
// preloaded; written when the platform stops it). BENCH_RESULT_FILE: the report's name in bench/results.
//
// It reports the resident memory (VmRSS) of the cluster process while it follows every run
// (one Job, one Pod, one open log stream each), and the time from a watch event (the stand-in
// moving a Pod and its Job to Running, then to Succeeded) to the matching status event the
// service publishes on NATS (evt.cluster.run.started / .succeeded, through its outbox and
// JetStream), p50 and p99. The baseline, measured on the same events in the same run: a bare
// process that watches the same Jobs with @kubernetes/client-node and publishes each MODIFIED
// event to NATS (no database, no outbox). Everything stops by itself: each phase has a deadline
// (BENCH_PHASE_TIMEOUT seconds), and whatever was started is stopped before exit.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const selfPath = fileURLToPath(import.meta.url);

// --- baseline child: watch Jobs, publish every MODIFIED one to NATS -------------------------
if (process.argv[2] === '--baseline') {
  const [, , , kubeconfig, natsUrl] = process.argv;
  const { KubeConfig, Watch } = await import('@kubernetes/client-node');
  const { connect } = await import('nats');
  const nc = await connect({ servers: natsUrl });
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const watch = new Watch(kc);
  let rv = '';
  const once = () =>
    watch
      .watch(
        '/apis/batch/v1/namespaces/strata-runs/jobs',
        { labelSelector: 'strata.dev/managed-by=strata-cluster', resourceVersion: rv },
        (type, obj) => {
          rv = obj?.metadata?.resourceVersion ?? rv;
          if (type !== 'MODIFIED') return;
          const runId = obj.metadata.labels['strata.dev/run-id'];
          const state = obj.status?.succeeded ? 'SUCCEEDED' : obj.status?.active ? 'RUNNING' : '';
          if (state) nc.publish('bench.baseline', JSON.stringify({ runId, state }));
        },
        () => setTimeout(() => void once(), 100),
      )
      .catch(() => setTimeout(() => void once(), 500));
  // The watch resolves once its response starts; no need to wait for an event.
  void once();
  process.send?.('ready');
  process.on('SIGTERM', () => void nc.close().finally(() => process.exit(0)));
  await new Promise(() => undefined);
}

// --- the bench -------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
let testing;
try {
  testing = require('@strata/testing');
} catch (err) {
  throw new Error(
    `cannot load @strata/testing (libs/testing/dist): run npm run build first\n${err.message}`,
  );
}
const { connect } = await import('nats');

const num = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const settings = {
  runs: Math.round(num('BENCH_RUNS', 1000)),
  /** Status changes per second the stand-in makes while measuring. */
  rate: num('BENCH_RATE', 25),
  /** Concurrent creates through the gateway. */
  createConcurrency: Math.round(num('BENCH_CREATE_CONCURRENCY', 8)),
  phaseTimeoutMs: num('BENCH_PHASE_TIMEOUT', 300) * 1000,
};
const log = (msg) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

const abort = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    log(`${sig}: stopping`);
    abort.abort();
  });
const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch((err) => log(`cleanup: ${err.message}`));
}

/** The cluster service's pid: our child running services/cluster/dist/main.js (Linux /proc). */
function clusterPid() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('services/cluster/dist/main.js')) continue;
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (Number(ppid) === process.pid) return Number(entry);
    } catch {
      // the process went away
    }
  }
  return undefined;
}
const rssMiB = (pid) => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

const percentile = (sorted, p) =>
  sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
    : NaN;
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
};

async function until(predicate, what) {
  const deadline = Date.now() + settings.phaseTimeoutMs;
  while (!predicate()) {
    if (abort.signal.aborted) throw new Error('stopped');
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function main() {
  const startedAt = new Date();
  log(
    `${settings.runs} runs, ${settings.rate} status changes/s, phase timeout ${settings.phaseTimeoutMs / 1000} s`,
  );
  const k8s = await testing.startKubernetesApiStandIn();
  cleanups.push(() => k8s.stop());
  const platform = await testing.startPlatform({
    runId: `bench-clusters-${startedAt.toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
    services: ['auth', 'accounts', 'notify', 'cluster', 'gateway'],
    env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    serviceEnv: {
      auth: {
        AUTH_LOGIN_MAX_FAILURES_PER_IP: '1000000',
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
      },
      cluster: {
        KUBECONFIG: k8s.kubeconfigPath,
        CLUSTER_RUNNER: 'kubernetes',
        // Passed through for comparing the heap's growing factor (0: V8's own).
        ...(process.env.CLUSTER_HEAP_GROWING_PERCENT
          ? { CLUSTER_HEAP_GROWING_PERCENT: process.env.CLUSTER_HEAP_GROWING_PERCENT }
          : {}),
        ...(process.env.BENCH_CPU_PROF
          ? {
              NODE_OPTIONS: `--require ${fileURLToPath(new URL('./cpu-profile.cjs', import.meta.url))}`,
              BENCH_CPU_PROF_DIR: process.env.BENCH_CPU_PROF,
            }
          : {}),
      },
    },
  });
  cleanups.push(() => platform.stop());
  const pid = clusterPid();
  log(`platform up; cluster pid ${pid ?? 'unknown'}`);
  const memory = { idle: pid ? rssMiB(pid) : NaN, peak: 0, following: NaN };
  const sampler = setInterval(() => {
    if (!pid) return;
    const v = rssMiB(pid);
    if (!Number.isFinite(v)) return;
    memory.peak = Math.max(memory.peak, v);
    // From the first status change on: the service following the runs, not creating them.
    if (!Number.isNaN(memory.following)) memory.following = Math.max(memory.following, v);
  }, 250);
  cleanups.push(async () => clearInterval(sampler));

  // Observers: the service's status events and the baseline's, both over core NATS.
  const nc = await connect({ servers: platform.infrastructure.natsUrl });
  cleanups.push(() => nc.close());
  const seen = {
    started: new Map(),
    succeeded: new Map(),
    baseRunning: new Map(),
    baseSucceeded: new Map(),
  };
  const decoder = new TextDecoder();
  const follow = (subject, onMessage) => {
    const sub = nc.subscribe(subject);
    void (async () => {
      for await (const m of sub) onMessage(JSON.parse(decoder.decode(m.data)), performance.now());
    })();
  };
  follow('evt.cluster.run.started', (p, t) => seen.started.set(p.run_id, t));
  follow('evt.cluster.run.succeeded', (p, t) => seen.succeeded.set(p.run_id, t));
  follow('bench.baseline', (p, t) =>
    (p.state === 'RUNNING' ? seen.baseRunning : seen.baseSucceeded).set(p.runId, t),
  );
  await nc.flush();

  const baseline = spawn(
    process.execPath,
    [selfPath, '--baseline', k8s.kubeconfigPath, platform.infrastructure.natsUrl],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  cleanups.push(async () => {
    if (baseline.exitCode !== null || baseline.signalCode !== null) return;
    const exited = new Promise((r) => baseline.once('exit', r));
    baseline.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (baseline.exitCode === null && baseline.signalCode === null) baseline.kill('SIGKILL');
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the baseline did not start in 30 s')), 30_000);
    baseline.once('message', () => (clearTimeout(timer), resolve()));
    baseline.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`baseline exited (${signal ?? code})`));
    });
  });

  // 1. Create the clusters through the gateway (each starts an apply run: one Job).
  const user = await (await import('./platform.mjs')).verifiedUser(platform);
  const claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
  const base = `${platform.gatewayUrl}/api/v1/orgs/${claims.org}/clusters`;
  const runs = [];
  const t1 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: settings.createConcurrency }, async () => {
      while (next < settings.runs && !abort.signal.aborted) {
        const i = next++;
        const res = await fetch(base, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${user.accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            provider: 'sandbox',
            namePrefix: `b${String(i).padStart(5, '0')}`,
            nameSuffix: 'bench',
            region: 'sandbox-1',
          }),
        });
        const body = await res.json();
        if (res.status !== 201)
          throw new Error(`create answered ${res.status}: ${JSON.stringify(body)}`);
        runs.push(body.activeRunId);
      }
    }),
  );
  const jobName = new Map();
  await until(() => {
    for (const job of k8s.jobs())
      jobName.set(job.metadata.labels['strata.dev/run-id'], job.metadata.name);
    const withPod = new Set(k8s.pods().map((pod) => pod.metadata.labels?.['job-name']));
    return runs.every((r) => withPod.has(jobName.get(r)));
  }, 'every Job and Pod');
  const createSeconds = (Date.now() - t1) / 1000;
  log(`${runs.length} clusters created, Jobs and Pods there, in ${createSeconds.toFixed(1)} s`);
  const afterCreate = pid ? rssMiB(pid) : NaN;
  memory.following = afterCreate;
  // bench/cpu-profile.cjs: the profile and event-loop figures so far are one phase (creates).
  // Writing the profile stalls the service for a moment: the next phase waits for its end.
  let phases = 0;
  const phaseEnd = async () => {
    if (!process.env.BENCH_CPU_PROF || !pid) return;
    const file = `${process.env.BENCH_CPU_PROF}/cluster-${pid}-phase${++phases}.json`;
    process.kill(pid, 'SIGWINCH');
    await until(() => existsSync(file), `${file}`);
    await sleep(1000);
  };
  await phaseEnd();
  if (process.env.BENCH_HEAP_SNAPSHOT === 'created' && process.env.BENCH_CPU_PROF && pid) {
    process.kill(pid, 'SIGUSR2'); // bench/cpu-profile.cjs writes a heap snapshot
    await sleep(15_000);
  }

  // 2. Every Pod Running, paced: watch event -> evt.cluster.run.started.
  const marks = { running: new Map(), succeeded: new Map() };
  const pace = async (action, map) => {
    const gap = 1000 / settings.rate;
    const start = performance.now();
    for (const [i, runId] of runs.entries()) {
      if (abort.signal.aborted) throw new Error('stopped');
      const due = start + i * gap;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      map.set(runId, performance.now());
      action(jobName.get(runId));
    }
  };
  await pace((job) => k8s.runPod(job), marks.running);
  await until(
    () => runs.every((r) => seen.started.has(r) && seen.baseRunning.has(r)),
    'every run.started',
  );
  log('every run RUNNING');
  await phaseEnd();
  // All runs tracked at once: a Job, a Pod and an open log stream each.
  await sleep(2000);
  const tracking = pid ? rssMiB(pid) : NaN;
  if (process.env.BENCH_HEAP_SNAPSHOT === '1' && process.env.BENCH_CPU_PROF && pid) {
    process.kill(pid, 'SIGUSR2'); // bench/cpu-profile.cjs writes a heap snapshot
    await sleep(15_000);
  }

  // 3. Every Job Succeeded, paced: watch event -> evt.cluster.run.succeeded.
  await pace(
    (job) => k8s.succeed(job, JSON.stringify({ outputs: { endpoint: 'https://bench.example' } })),
    marks.succeeded,
  );
  await until(
    () => runs.every((r) => seen.succeeded.has(r) && seen.baseSucceeded.has(r)),
    'every run.succeeded',
  );
  log('every run SUCCEEDED');
  await phaseEnd();

  const serviceLines = platform.logs('cluster').split('\n');
  const problems = {
    warn: serviceLines.filter((l) => l.includes('"level":"warn"')).length,
    error: serviceLines.filter((l) => l.includes('"level":"error"')).length,
  };
  const delays = (marked, observed) => runs.map((r) => observed.get(r) - marked.get(r));
  const rows = [
    {
      name: 'baseline: stand-in Job MODIFIED (Running) → watch → bare NATS publish',
      ...stats(delays(marks.running, seen.baseRunning)),
    },
    {
      name: 'cluster: Pod and Job Running → evt.cluster.run.started',
      ...stats(delays(marks.running, seen.started)),
    },
    {
      name: 'baseline: stand-in Job MODIFIED (Succeeded) → watch → bare NATS publish',
      ...stats(delays(marks.succeeded, seen.baseSucceeded)),
    },
    {
      name: 'cluster: Pod and Job Succeeded → evt.cluster.run.succeeded',
      ...stats(delays(marks.succeeded, seen.succeeded)),
    },
  ];
  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  const ratio = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(1)}×` : 'n/a');
  const lines = [
    `# Strata bench: cluster runs, ${startedAt.toISOString()}`,
    '',
    `One cluster service (Kubernetes runner, @kubernetes/client-node) following ${runs.length} concurrent sandbox runs against the Kubernetes API stand-in; status changes made by the stand-in at ${settings.rate}/s.`,
    '',
    '| Latency: watch event → status event on NATS | events | p50 ms | p99 ms | max ms | p50 / baseline | p99 / baseline |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [i, r] of rows.entries()) {
    const b = rows[i - (i % 2)];
    lines.push(
      `| ${r.name} | ${r.n} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${i % 2 ? ratio(r.p50, b.p50) : ''} | ${i % 2 ? ratio(r.p99, b.p99) : ''} |`,
    );
  }
  lines.push(
    '',
    '| Resident memory of the cluster process (VmRSS) | MiB |',
    '|---|---:|',
    `| idle (started, no runs) | ${f(memory.idle)} |`,
    `| ${runs.length} runs created (Jobs and Pods pending) | ${f(afterCreate)} |`,
    `| ${runs.length} runs RUNNING (a log stream open each) | ${f(tracking)} |`,
    `| peak while following the runs (from the first status change to the last) | ${f(memory.following)} |`,
    `| peak during the whole bench (the creates through the gateway included) | ${f(memory.peak)} |`,
    '',
    `The cluster service logged ${problems.error} error and ${problems.warn} warning lines during the run (an observation it could not apply is an error line).`,
    '',
    `Creating the ${runs.length} clusters through the gateway (${settings.createConcurrency} at a time) took ${createSeconds.toFixed(1)} s.`,
    'The service path is: watch event → slim informer cache → observation (one report per change) → transaction batcher → two plain-SQL statements for the batch (runs and clusters read; runs compare-and-set, clusters and leased outbox rows written) → JetStream publish by the same process right after the commit (the outbox relay only when rows are due to it, or a lease ends unpublished); a run end also waits for its log stream to finish. The baseline path is: the same watch event → a bare client-node watch → NATS publish. The clock is the bench process’s: from just before the stand-in records the change to the message arriving on the bench’s core NATS subscription to the subject, which NATS delivers when it accepts the service’s JetStream publish (only rows whose transaction committed are published); everything, the bench included, shares the machine’s CPUs.',
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model?.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average at the end ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}.`,
  );
  const report = lines.join('\n') + '\n';
  if (process.env.BENCH_RAW_FILE)
    await writeFile(
      process.env.BENCH_RAW_FILE,
      JSON.stringify(
        runs.map((r) => ({
          runId: r,
          running: marks.running.get(r),
          started: seen.started.get(r),
          baseRunning: seen.baseRunning.get(r),
          succeededMark: marks.succeeded.get(r),
          succeeded: seen.succeeded.get(r),
          baseSucceeded: seen.baseSucceeded.get(r),
        })),
      ),
    );
  process.stdout.write(report);
  await mkdir(resultsDir, { recursive: true });
  const file =
    process.env.BENCH_RESULT_FILE ?? `cluster-runs-${startedAt.toISOString().slice(0, 10)}.md`;
  await writeFile(new URL(`./results/${file}`, import.meta.url), report);
  log(`written to bench/results/${file}`);
}

const timer = setTimeout(() => {
  log('overall deadline passed: stopping');
  abort.abort();
}, settings.phaseTimeoutMs * 4).unref();
try {
  await main();
} catch (err) {
  log(`failed: ${err.stack ?? err.message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  await cleanup();
}
process.exit(process.exitCode ?? 0);
