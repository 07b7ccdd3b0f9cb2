// Strata scale-out bench (issue 15 item 7): authenticated GET /api/v1/me with one process of
// each service and with two replicas of each service (one and two gateways), against a bare
// Express baseline measured in the same run. A report, not a test: no assertions.
//
//   npm run build && node bench/scale-out.mjs
//   BENCH_DURATION=5 node bench/scale-out.mjs      (same variables as run.mjs)
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBaseline } from './baseline.mjs';
import { measure } from './measure.mjs';
import { startQuietPlatform, verifiedUser } from './platform.mjs';
import { loadAverage, machineInfo, markdown } from './report.mjs';

const positive = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number`);
  return value;
};
const settings = {
  duration: positive('BENCH_DURATION', 10),
  connections: Math.max(2, Math.round(positive('BENCH_CONNECTIONS', 16))),
  warmup: positive('BENCH_WARMUP', 2),
};
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const log = (msg) => console.error(`[bench] ${msg}`);
const abort = new AbortController();
const cleanups = [];
process.on('SIGINT', () => abort.abort());
process.on('SIGTERM', () => abort.abort());

const common = () => ({
  duration: settings.duration,
  warmup: settings.warmup,
  signal: abort.signal,
});
const meTarget = (gatewayUrl, accessToken) => ({
  url: `${gatewayUrl}/api/v1/me`,
  headers: { authorization: `Bearer ${accessToken}`, 'user-agent': 'strata-bench' },
});

/**
 * One row over several gateways at once (the connections split evenly, as a load balancer in
 * front of the gateway Deployment would): requests and rates add up, p50 is the
 * request-weighted mean of the gateways' p50s, p99 the worst gateway's.
 */
async function measureSpread(name, urls, accessToken) {
  const per = Math.max(1, Math.floor(settings.connections / urls.length));
  const parts = await Promise.all(
    urls.map((url) =>
      measure(name, { ...common(), connections: per, ...meTarget(url, accessToken) }),
    ),
  );
  const total = parts.reduce((n, p) => n + p.total, 0);
  const statusCodes = {};
  for (const p of parts)
    for (const [code, stat] of Object.entries(p.statusCodes ?? {}))
      statusCodes[code] = { count: (statusCodes[code]?.count ?? 0) + stat.count };
  return {
    name,
    rps: parts.reduce((n, p) => n + p.rps, 0),
    p50: total ? parts.reduce((n, p) => n + p.p50 * p.total, 0) / total : NaN,
    p99: Math.max(...parts.map((p) => p.p99)),
    total,
    non2xx: parts.reduce((n, p) => n + p.non2xx, 0),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    timeouts: parts.reduce((n, p) => n + p.timeouts, 0),
    statusCodes,
  };
}

/** Starts a platform of this shape, measures the rows, stops it. */
async function withPlatform(shape, measureRows) {
  const t0 = Date.now();
  const platform = await startQuietPlatform(shape);
  const stop = () => platform.stop();
  cleanups.push(stop);
  try {
    log(`platform ${JSON.stringify(shape)} ready in ${Date.now() - t0} ms`);
    const user = await verifiedUser(platform);
    return await measureRows(platform, user);
  } finally {
    cleanups.splice(cleanups.indexOf(stop), 1);
    await stop();
  }
}

const report = (row) => {
  log(
    `  ${row.name}: ${row.rps.toFixed(1)} req/s, p50 ${Math.round(row.p50)} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors}`,
  );
  return row;
};

async function main() {
  const startedAt = new Date();
  const machine = machineInfo();
  log(
    `${settings.duration} s per row, ${settings.connections} connections, ${settings.warmup} s warm-up`,
  );
  const baseline = await startBaseline();
  cleanups.push(() => baseline.stop());
  const rows = [
    report(
      await measure('baseline: Express 5 `GET /`', {
        ...common(),
        connections: settings.connections,
        url: `${baseline.url}/`,
      }),
    ),
  ];

  rows.push(
    ...(await withPlatform({}, async (platform, user) => [
      report(
        await measure('`GET /api/v1/me`, one process of each service, one gateway', {
          ...common(),
          connections: settings.connections,
          ...meTarget(platform.gatewayUrl, user.accessToken),
        }),
      ),
    ])),
  );
  if (!abort.signal.aborted)
    rows.push(
      ...(await withPlatform({ replicas: 2, gateways: 2 }, async (platform, user) => [
        report(
          await measure('`GET /api/v1/me`, two replicas of each service, one gateway', {
            ...common(),
            connections: settings.connections,
            ...meTarget(platform.gatewayUrl, user.accessToken),
          }),
        ),
        report(
          await measureSpread(
            '`GET /api/v1/me`, two replicas of each service, two gateways',
            platform.gatewayUrls,
            user.accessToken,
          ),
        ),
      ])),
    );

  const text = markdown({
    rows,
    settings,
    machine,
    infrastructure: 'local',
    startedAt,
    loadAtEnd: loadAverage(),
  });
  const one = rows[1]?.rps;
  const extra = rows
    .slice(2)
    .map((r) => `- ${r.name}: ${(r.rps / one).toFixed(2)}× the one-process row`)
    .join('\n');
  const out = `${text}\n${extra ? `Two replicas against one process of each service:\n\n${extra}\n` : ''}`;
  console.log(out);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(`${resultsDir}scale-out-latest.md`, out);
  log('written to bench/results/scale-out-latest.md');
}

try {
  await main();
} catch (err) {
  process.exitCode = 1;
  log(`failed: ${err.stack ?? err}`);
} finally {
  for (const fn of cleanups.reverse()) await fn().catch((err) => log(`cleanup: ${err.message}`));
}
