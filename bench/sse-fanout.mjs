// SSE fan-out on one gateway process (a report, nothing asserted), beside a bare node:http SSE
// server measured in the same run:
//   1. 10k streams of one user, one push on core NATS fanned out to all: delivered p50 / p99,
//      for the bare server and for the gateway, BENCH_SSE_ROUNDS pushes each;
//   2. memory per idle stream in the gateway: (heapUsed + external) delta / N after a full GC,
//      and RSS delta / N;
//   3. as many streams as one gateway process can hold (20k asked), one push delivered to all.
// The streams are opened by BENCH_SSE_WORKERS forked client processes (file descriptors and
// parsing spread over them, not in the gateway's process).
//
//   npm run build && node bench/sse-fanout.mjs
//   BENCH_SSE_STREAMS=10000 BENCH_SSE_HELD=20000 BENCH_SSE_ROUNDS=5 node bench/sse-fanout.mjs
//
// File descriptors: each stream is one in the gateway. The bench raises its own `ulimit -n` to
// the hard limit (and tries a higher hard limit) by re-running itself under `sh -c 'ulimit -n'`;
// the gateway and the workers it starts inherit it. Bounded by BENCH_SSE_TIMEOUT seconds
// (default 1500); it always cleans up.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connect } from 'nats';
import { startQuietPlatform, verifiedUser } from './platform.mjs';
import { randomUUID } from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const WANT_FDS = 70_000;

// --- ulimit -n: raise it for this process (and so for the gateway and workers) -------------
if (!process.env.BENCH_SSE_ULIMIT) {
  const script = [
    `ulimit -Hn ${WANT_FDS} 2>/dev/null; echo "hard-raise=$?" >&2`,
    'ulimit -Sn "$(ulimit -Hn)"',
    'export BENCH_SSE_ULIMIT="$(ulimit -Sn)/$(ulimit -Hn)"',
    'exec "$0" "$@"',
  ].join('; ');
  const r = spawnSync(
    'sh',
    ['-c', script, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(r.status ?? 1);
}

const streamsWanted = Number(process.env.BENCH_SSE_STREAMS ?? 10_000);
const heldWanted = Number(process.env.BENCH_SSE_HELD ?? 20_000);
const rounds = Number(process.env.BENCH_SSE_ROUNDS ?? 5);
const workerCount = Number(process.env.BENCH_SSE_WORKERS ?? 4);
const timeoutMs = Number(process.env.BENCH_SSE_TIMEOUT ?? 1500) * 1000;
const [softLimit, hardLimit] = process.env.BENCH_SSE_ULIMIT.split('/').map(Number);
const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const pct = (values, p) => {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const kib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(2)} KiB` : 'n/a');

/** A forked client process and a way to wait for its next message of a type. */
function startWorker() {
  const child = fork(path.join(here, 'sse-fanout-client.mjs'), [], { stdio: 'inherit' });
  const waiting = [];
  const inbox = [];
  child.on('message', (msg) => {
    if (msg.type === 'error') console.error(`worker: ${msg.message}`);
    const i = waiting.findIndex((w) => w.match(msg));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(msg);
    else inbox.push(msg);
  });
  return {
    child,
    send: (msg) => child.send(msg),
    next(match, ms = 900_000) {
      const i = inbox.findIndex(match);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
      return new Promise((resolve, reject) => {
        const w = { match, resolve };
        waiting.push(w);
        setTimeout(() => {
          const at = waiting.indexOf(w);
          if (at >= 0) {
            waiting.splice(at, 1);
            reject(new Error('worker did not answer'));
          }
        }, ms).unref();
      });
    },
  };
}

async function openAll(workers, n, url, token) {
  const per = workers.map(
    (_, i) => Math.floor(n / workers.length) + (i < n % workers.length ? 1 : 0),
  );
  workers.forEach((w, i) => w.send({ type: 'open', count: per[i], url, token }));
  const replies = await Promise.all(
    workers.map((w) => w.next((m) => m.type === 'opened' || m.type === 'error')),
  );
  const failed = replies.find((r) => r.type === 'error');
  if (failed) throw new Error(`opening streams: ${failed.message}`);
  return {
    count: replies.reduce((s, r) => s + r.count, 0),
    hello: Math.max(...replies.map((r) => r.hello)),
  };
}

async function closeAll(workers) {
  workers.forEach((w) => w.send({ type: 'close' }));
  await Promise.all(workers.map((w) => w.next((m) => m.type === 'closed')));
}

/** Publishes one marker push and collects every stream's arrival time (10 s at most). */
async function push(nc, subject, workers, seq) {
  const marker = seq;
  const waits = workers.map((w) =>
    w.next((m) => m.type === 'arrived' && m.marker === marker, 10_000).catch(() => undefined),
  );
  const sentAt = wallNow();
  nc.publish(
    subject,
    // A strata.notify.v1.UserPush in proto3 JSON, as notify publishes it.
    JSON.stringify({
      seq,
      at: new Date().toISOString(),
      notification: {
        id: randomUUID(),
        kind: 'bench.marker',
        title: 'Bench marker',
        body: 'x'.repeat(200),
        data: { bench: String(marker) },
        createdAt: new Date().toISOString(),
      },
    }),
  );
  const got = await Promise.all(waits);
  const times = [];
  for (let i = 0; i < workers.length; i++) {
    let reply = got[i];
    if (!reply) {
      workers[i].send({ type: 'flush', marker });
      reply = await workers[i].next((m) => m.type === 'arrived' && m.marker === marker);
    }
    for (const t of reply.times) times.push(t - sentAt);
  }
  return times;
}

/** One warm-up push (not counted), then `n` measured ones. */
async function rounds_(nc, subject, workers, firstSeq, n) {
  const latencies = [];
  await push(nc, subject, workers, firstSeq);
  for (let r = 1; r <= n; r++) {
    await sleep(200);
    latencies.push(...(await push(nc, subject, workers, firstSeq + r)));
  }
  return latencies;
}

function gatewayPid(port) {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`]).toString();
  return Number(/pid=(\d+)/.exec(out)?.[1]);
}
const rssOf = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
const fdsOf = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const fdLimitOf = (pid) =>
  Number(/Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1]);

async function gatewayMemory(pid, probeOut) {
  rmSync(probeOut, { force: true });
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 200 && !existsSync(probeOut); i++) await sleep(50);
  const m = JSON.parse(readFileSync(probeOut, 'utf8'));
  return { heap: m.heapUsed + m.external, rss: rssOf(pid) };
}

async function main() {
  const started = Date.now();
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const loadAtStart = load();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sse-bench-'));
  const probeOut = path.join(tmp, 'gateway-memory.json');
  const platform = await startQuietPlatform({
    services: ['auth', 'accounts', 'notify', 'gateway'],
    gateway: {
      SSE_MAX_CONNECTIONS_PER_USER: '100000',
      SSE_HEARTBEAT_SECONDS: '60',
      NODE_OPTIONS: `--require ${path.join(here, 'sse-mem-probe.cjs')}`,
      BENCH_MEM_PROBE_OUT: probeOut,
    },
  });
  const workers = Array.from({ length: workerCount }, startWorker);
  let baseline;
  let nc;
  const deadline = setTimeout(() => {
    console.error(`sse-fanout: stopping after ${timeoutMs / 1000} s`);
    void cleanup().then(() => process.exit(2));
  }, timeoutMs);
  async function cleanup() {
    for (const w of workers) w.child.kill();
    baseline?.kill();
    await nc?.close().catch(() => undefined);
    await platform.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
  try {
    const user = await verifiedUser(platform);
    const userId = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url')).sub;
    const subject = `push.user.${userId}`;
    nc = await connect({ servers: platform.infrastructure.natsUrl });
    const url = `${platform.gatewayUrl}/api/v1/events`;
    const pid = gatewayPid(new URL(platform.gatewayUrl).port);
    console.error(
      `gateway pid ${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`,
    );

    // 1a. The bare node:http SSE server.
    baseline = fork(path.join(here, 'sse-baseline-server.mjs'), [], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, NATS_URL: platform.infrastructure.natsUrl, SUBJECT: subject },
    });
    const baseMsg = (type) =>
      new Promise((resolve) =>
        baseline.once('message', function on(m) {
          if (m.type === type) resolve(m);
          else baseline.once('message', on);
        }),
      );
    const { port: basePort } = await baseMsg('listening');
    const baseUrl = `http://127.0.0.1:${basePort}/`;
    baseline.send({ type: 'memory' });
    const baseMem0 = (await baseMsg('memory')).memory;
    const baseOpened = await openAll(workers, streamsWanted, baseUrl);
    baseline.send({ type: 'memory' });
    const baseMem1 = (await baseMsg('memory')).memory;
    await nc.flush();
    const baseLat = await rounds_(nc, subject, workers, 1, rounds);
    await closeAll(workers);
    baseline.kill();
    baseline = undefined;
    const baseHeapPer =
      (baseMem1.heapUsed + baseMem1.external - baseMem0.heapUsed - baseMem0.external) /
      baseOpened.count;
    const baseRssPer = (baseMem1.rss - baseMem0.rss) / baseOpened.count;
    console.error(
      `baseline: ${baseOpened.count} streams, p50 ${ms(pct(baseLat, 50))} p99 ${ms(pct(baseLat, 99))}`,
    );

    // 1b + 2. The gateway: memory per idle stream, then the pushes.
    await sleep(1000);
    const fdsAtStart = fdsOf(pid);
    const mem0 = await gatewayMemory(pid, probeOut);
    const opened = await openAll(workers, streamsWanted, url, user.accessToken);
    await sleep(500);
    const mem1 = await gatewayMemory(pid, probeOut);
    const heapPer = (mem1.heap - mem0.heap) / opened.count;
    const rssPer = (mem1.rss - mem0.rss) / opened.count;
    const gwLat = await rounds_(nc, subject, workers, opened.hello + 1, rounds);
    console.error(
      `gateway: ${opened.count} streams, p50 ${ms(pct(gwLat, 50))} p99 ${ms(pct(gwLat, 99))}, ${kib(heapPer)} heap, ${kib(rssPer)} RSS per stream`,
    );
    await closeAll(workers);

    // 3. As many as the gateway's descriptor limit allows (20k asked).
    const gwLimit = fdLimitOf(pid);
    // The closed streams' descriptors are released first (the gateway sees each close).
    for (let i = 0; i < 600 && fdsOf(pid) > fdsAtStart + 50; i++) await sleep(100);
    const fdsIdle = fdsOf(pid);
    const held = Math.min(heldWanted, gwLimit - fdsIdle - 16);
    let heldRow = `| streams held by one gateway process | ${held} of ${heldWanted} asked | — | — |`;
    if (Date.now() - started < timeoutMs - 60_000) {
      const mem2 = await gatewayMemory(pid, probeOut);
      const h = await openAll(workers, held, url, user.accessToken);
      await sleep(500);
      const mem3 = await gatewayMemory(pid, probeOut);
      const lat = await push(nc, subject, workers, h.hello + 1);
      heldRow = `| streams held by one gateway process (fd limit ${gwLimit}, ${fdsIdle} in use idle) | ${h.count} held of ${heldWanted} asked; one push delivered to ${lat.length}, p50 / p99 ${ms(pct(lat, 50))} / ${ms(pct(lat, 99))} ms; ${kib((mem3.heap - mem2.heap) / h.count)} heap, ${kib((mem3.rss - mem2.rss) / h.count)} RSS per stream | — | — |`;
      await closeAll(workers);
    }

    const table = [
      `SSE fan-out, ${rounds} pushes per row after one warm-up push, ${workerCount} client processes; ulimit -n ${softLimit} (hard ${hardLimit}); load average ${loadAtStart} at start, ${load()} at end; Node ${process.version}, ${os.cpus().length} cores`,
      '',
      '| row | gateway | bare node:http SSE | ratio (gateway / bare) |',
      '| --- | --- | --- | --- |',
      `| ${opened.count} streams, one push: delivered p50 (ms) | ${ms(pct(gwLat, 50))} | ${ms(pct(baseLat, 50))} | ${(pct(gwLat, 50) / pct(baseLat, 50)).toFixed(2)} |`,
      `| ${opened.count} streams, one push: delivered p99 (ms) | ${ms(pct(gwLat, 99))} | ${ms(pct(baseLat, 99))} | ${(pct(gwLat, 99) / pct(baseLat, 99)).toFixed(2)} |`,
      `| delivered | ${gwLat.length}/${opened.count * rounds} | ${baseLat.length}/${baseOpened.count * rounds} | |`,
      `| per idle stream: (heapUsed + external) delta / N | ${kib(heapPer)} | ${kib(baseHeapPer)} | ${(heapPer / baseHeapPer).toFixed(2)} |`,
      `| per idle stream: RSS delta / N | ${kib(rssPer)} | ${kib(baseRssPer)} | ${(rssPer / baseRssPer).toFixed(2)} |`,
      heldRow,
    ].join('\n');
    console.log(table);
    writeFileSync(path.join(here, 'results', 'latest-sse.md'), `${table}\n`);
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
