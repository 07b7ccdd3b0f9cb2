// Strata bench: an Express hello-world baseline, login (argon2id), an authenticated GET /me and
// an org-scoped list (clusters) through the whole platform, measured in one run. A report, not
// a test: no assertions.
//
//   npm run bench                         (10 s per row, 16 connections)
//   BENCH_DURATION=5 BENCH_CONNECTIONS=32 npm run bench
//   BENCH_ROWS=me,clusters BENCH_CPU_PROF=/tmp/prof npm run bench   (some rows; CPU profiles)
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBaseline } from './baseline.mjs';
import { startFloor } from './floor.mjs';
import { measure } from './measure.mjs';
import { cpuProbe, idleCpuRates } from './process-cpu.mjs';
import { POLL_MS, settleEvents } from './settle.mjs';
import { claimsOf, seedClusters, startQuietPlatform, verifiedUser } from './platform.mjs';
import { loadAverage, machineInfo, markdown } from './report.mjs';

const positive = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number`);
  return value;
};
const settings = {
  duration: positive('BENCH_DURATION', 10),
  connections: Math.max(1, Math.round(positive('BENCH_CONNECTIONS', 16))),
  warmup: positive('BENCH_WARMUP', 2),
};
const CLUSTERS = 10;
/** Connections of the cheap request (`GET /me`) measured while BENCH_STORM_CONNECTIONS log in. */
const STORM_CHEAP_CONNECTIONS = 4;
/**
 * Connections logging in during the storm (BENCH_STORM_CONNECTIONS, default BENCH_CONNECTIONS):
 * more than auth's hashing gate holds (running + waiting) shows the storm beyond it, refused
 * with 503 auth.busy.
 */
const STORM_LOGIN_CONNECTIONS = Math.max(
  1,
  Math.round(positive('BENCH_STORM_CONNECTIONS', settings.connections)),
);
/** BENCH_ROWS=me,clusters: only the rows whose name has one of these words (the baseline always). */
const rowFilter = (process.env.BENCH_ROWS ?? '')
  .split(',')
  .map((word) => word.trim().toLowerCase())
  .filter(Boolean);
const selected = (name) =>
  rowFilter.length === 0 || rowFilter.some((word) => name.toLowerCase().includes(word));
/**
 * The floor row: `GET /me`'s statement behind one NATS request from a bare Express process, none
 * of the platform's code on the path (floor-server.mjs). What any implementation of the design
 * (an HTTP process, NATS, a service, PostgreSQL) costs at least on this machine.
 */
const FLOOR_ROW = 'floor: Express → NATS request → bare responder → `GET /me`’s statement';
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const log = (msg) => console.error(`[bench] ${msg}`);

const abort = new AbortController();
const cleanups = [];
let signals = 0;
const onSignal = (sig) => {
  signals += 1;
  if (signals > 1) process.exit(130); // second Ctrl-C: leave now (children die with process 'exit' hooks)
  log(`${sig}: stopping the current measurement and everything started`);
  abort.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      log(`cleanup failed: ${err.message}`);
    }
  }
}

async function main() {
  const startedAt = new Date();
  const machine = machineInfo();
  log(
    `${settings.duration} s per row, ${settings.connections} connections, ${settings.warmup} s warm-up`,
  );

  const baseline = await startBaseline();
  cleanups.push(() => baseline.stop());
  log(`baseline Express at ${baseline.url}`);

  const t0 = Date.now();
  const platform = await startQuietPlatform({ cpuProfileDir: process.env.BENCH_CPU_PROF });
  cleanups.push(() => platform.stop());
  log(
    `platform ready in ${Date.now() - t0} ms at ${platform.gatewayUrl} (logs: ${platform.logDir})`,
  );
  const user = await verifiedUser(platform);
  log(`signed up, verified and logged in ${user.email}`);
  const orgId = await seedClusters(platform, user.accessToken, CLUSTERS);
  log(`${CLUSTERS} clusters (3 runs each) in organization ${orgId}`);
  // The design's floor for the same read (floor.mjs): one NATS request, one statement, no more.
  const floor = selected(FLOOR_ROW)
    ? await startFloor({
        natsUrl: platform.infrastructure.natsUrl,
        databaseUrl: platform.infrastructure.databaseUrl,
        userId: claimsOf(user.accessToken).sub,
      })
    : undefined;
  if (floor) cleanups.push(() => floor.stop());
  // What the processes burn with no request at all, taken off each row's CPU time per request.
  const idleCpu = await idleCpuRates({
    baseline: baseline.pid,
    gateway: platform.pid('gateway'),
    accounts: platform.pid('accounts'),
    cluster: platform.pid('cluster'),
  });
  log(
    `idle CPU ms/s: ${Object.entries(idleCpu)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
      .join(', ')}`,
  );

  const common = {
    duration: settings.duration,
    connections: settings.connections,
    warmup: settings.warmup,
    signal: abort.signal,
  };
  const json = { 'content-type': 'application/json', 'user-agent': 'strata-bench' };
  const bearer = { authorization: `Bearer ${user.accessToken}`, 'user-agent': 'strata-bench' };
  const login = {
    url: `${platform.gatewayUrl}/api/v1/auth/login`,
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: user.email, password: user.password, client: 'api' }),
  };
  const me = { url: `${platform.gatewayUrl}/api/v1/me`, headers: bearer };
  // The CPU time of the processes a row's request goes through (PostgreSQL and nats-server aside).
  const cpuOf = (...names) =>
    cpuProbe(Object.fromEntries(names.map((name) => [name, platform.pid(name)])));
  const targets = [
    [
      'baseline: Express 5 `GET /`',
      { url: `${baseline.url}/`, cpu: cpuProbe({ baseline: baseline.pid }) },
    ],
    ['`POST /api/v1/auth/login` (argon2id)', login],
    ['`GET /api/v1/me` (Bearer)', { ...me, cpu: cpuOf('gateway', 'accounts') }],
    ...(floor
      ? [[FLOOR_ROW, { url: `${floor.url}/me`, headers: bearer, cpu: cpuProbe(floor.pids) }]]
      : []),
    [
      `\`GET /api/v1/me\` (Bearer, ${STORM_CHEAP_CONNECTIONS} connections) during a login storm`,
      {
        ...me,
        connections: STORM_CHEAP_CONNECTIONS,
        alongside: [
          `  the login storm itself (${STORM_LOGIN_CONNECTIONS} connections)`,
          { ...login, connections: STORM_LOGIN_CONNECTIONS },
        ],
      },
    ],
    [
      `\`GET /api/v1/orgs/{id}/clusters\` (Bearer, ${CLUSTERS} clusters)`,
      {
        url: `${platform.gatewayUrl}/api/v1/orgs/${orgId}/clusters`,
        headers: bearer,
        cpu: cpuOf('gateway', 'cluster'),
      },
    ],
  ].filter(([name], i) => i === 0 || selected(name));
  const rows = [];
  for (const [name, target] of targets) {
    if (abort.signal.aborted) break;
    // The previous row's events handled first (a login row leaves notify a notification and a
    // mail per sign-in to make): each row measures its own requests on a quiet platform.
    const settled = await settleEvents(platform.infrastructure.natsUrl);
    if (settled.waited > 2 * POLL_MS || !settled.settled)
      log(
        `  waited ${settled.waited} ms for the events before this row${settled.settled ? '' : `; ${settled.backlog} still pending`}`,
      );
    log(`measuring ${name}`);
    const { alongside, ...own } = target;
    // A row with `alongside` runs a second load (the login storm) at the same time and reports both.
    const measured = await Promise.all([
      measure(name, { ...common, ...own }),
      ...(alongside ? [measure(alongside[0], { ...common, ...alongside[1] })] : []),
    ]);
    for (const row of measured) {
      log(
        `  ${row.name}: ${row.rps.toFixed(1)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors}`,
      );
      rows.push(row);
    }
  }
  if (!rows.length) return;

  const report = markdown({
    rows,
    settings,
    machine,
    infrastructure: platform.infrastructure.mode,
    startedAt,
    loadAtEnd: loadAverage(),
    idleCpu,
  });
  console.log(report);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(`${resultsDir}latest.md`, report);
  log(`written to bench/results/latest.md`);
}

try {
  await main();
} catch (err) {
  process.exitCode = 1;
  log(`failed: ${err.stack ?? err}`);
} finally {
  log('stopping everything');
  await cleanup();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
