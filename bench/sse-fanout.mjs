// SSE fan-out on one gateway process (a report, nothing asserted): 1k, 5k and 10k concurrent
// GET /api/v1/events connections of one user, one push published on core NATS and fanned out
// to all; delivery latency p50/p99, gateway memory per connection, events delivered per second,
// beside raw NATS delivery to one subscriber in the same run.
//
//   npm run build && ulimit -n 30000 && node bench/sse-fanout.mjs
//   BENCH_SSE_SIZES=1000,5000 BENCH_SSE_ROUNDS=5 node bench/sse-fanout.mjs
//
// Bounded: it stops by itself after BENCH_SSE_TIMEOUT seconds (default 300) and always cleans up.
// Each connection needs one file descriptor here and one in the gateway (each process has its own
// `ulimit -n`): sizes that do not fit are skipped and said so.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { connect } from 'nats';
import { startQuietPlatform, verifiedUser } from './platform.mjs';

const sizes = (process.env.BENCH_SSE_SIZES ?? '1000,5000,10000').split(',').map(Number);
const rounds = Number(process.env.BENCH_SSE_ROUNDS ?? 5);
const timeoutMs = Number(process.env.BENCH_SSE_TIMEOUT ?? 300) * 1000;

function fdLimit() {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim()) || 1024;
  } catch {
    return 1024;
  }
}

function gatewayRssKb(port) {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`]).toString();
    const pid = /pid=(\d+)/.exec(out)?.[1];
    if (!pid) return undefined;
    const status = execFileSync('cat', [`/proc/${pid}/status`]).toString();
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  } catch {
    return undefined;
  }
}

const pct = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');

/** Opens one SSE connection; `onRound(k)` fires when the push of round k arrives. */
function openStream(url, token, onRound) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`GET /api/v1/events answered ${res.statusCode}`));
        }
        let hello;
        let tail = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          const text = tail + chunk;
          tail = text.slice(-64);
          if (hello === undefined) {
            const m = /id: (\d+)\nevent: hello/.exec(text);
            if (m) {
              hello = Number(m[1]);
              resolve({ req, lastSeq: hello });
            }
          }
          for (const m of chunk.matchAll(/"bench":(\d+)/g)) onRound(Number(m[1]));
        });
        res.on('error', () => undefined);
        res.on('end', () => hello === undefined && reject(new Error('stream ended before hello')));
      },
    );
    req.on('error', reject);
  });
}

async function main() {
  const started = Date.now();
  const limit = fdLimit();
  const platform = await startQuietPlatform({
    services: ['auth', 'accounts', 'notify', 'gateway'],
    gateway: { SSE_MAX_CONNECTIONS_PER_USER: '100000', SSE_HEARTBEAT_SECONDS: '60' },
  });
  const deadline = setTimeout(() => {
    console.error(`sse-fanout: stopping after ${timeoutMs / 1000} s`);
    void cleanup().then(() => process.exit(2));
  }, timeoutMs);
  const sockets = [];
  let nc;
  async function cleanup() {
    for (const s of sockets) s.destroy();
    await nc?.close().catch(() => undefined);
    await platform.stop().catch(() => undefined);
  }
  const rows = [];
  try {
    const user = await verifiedUser(platform);
    const userId = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url')).sub;
    const subject = `push.user.${userId}`;
    nc = await connect({ servers: platform.infrastructure.natsUrl });
    const url = `${platform.gatewayUrl}/api/v1/events`;
    const port = new URL(platform.gatewayUrl).port;
    let seq = 0;

    // Raw NATS baseline: one subscriber, same process, same publish.
    const rawLat = [];
    let rawSent = 0;
    const rawSub = nc.subscribe(subject, {
      callback: (_e, msg) => {
        const k = JSON.parse(new TextDecoder().decode(msg.data)).data.bench;
        if (k >= 1_000_000) rawLat.push(performance.now() - rawSent);
      },
    });

    for (const size of sizes) {
      if (Date.now() - started > timeoutMs - 30_000) break;
      // The limit is per process: this process holds one descriptor per stream, and so does the
      // gateway (a separate process).
      if (size + 200 > limit) {
        rows.push(
          `| ${size} | skipped: needs ≈${size + 200} file descriptors per process, ulimit -n is ${limit} | | | | |`,
        );
        continue;
      }
      const rssBefore = gatewayRssKb(port);
      const arrivals = new Map(); // round -> times
      const streams = [];
      for (let i = 0; i < size; i += 200) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(200, size - i) }, () =>
            openStream(url, user.accessToken, (k) => {
              const list = arrivals.get(k) ?? [];
              list.push(performance.now());
              arrivals.set(k, list);
            }),
          ),
        );
        streams.push(...batch);
        process.stderr.write(`\r${streams.length}/${size} streams open`);
      }
      process.stderr.write('\n');
      for (const s of streams) sockets.push(s.req.socket ?? s.req);
      // Fresh streams start at the user's real seq; the bench's pushes continue from there.
      seq = Math.max(...streams.map((s) => s.lastSeq));
      const rssAfter = gatewayRssKb(port);
      const latencies = [];
      let delivered = 0;
      let busyMs = 0;
      for (let r = 0; r < rounds; r++) {
        seq += 1;
        const k = seq;
        const sentAt = performance.now();
        nc.publish(subject, JSON.stringify({ seq, type: 'bench', data: { bench: k } }));
        const until = Date.now() + 10_000;
        while ((arrivals.get(k)?.length ?? 0) < size && Date.now() < until)
          await new Promise((resolve) => setTimeout(resolve, 2));
        const times = arrivals.get(k) ?? [];
        delivered += times.length;
        times.forEach((t) => latencies.push(t - sentAt));
        if (times.length) busyMs += Math.max(...times) - sentAt;
      }
      for (let r = 0; r < rounds; r++) {
        rawSent = performance.now();
        nc.publish(
          subject,
          JSON.stringify({ seq: 0, type: 'bench', data: { bench: 1_000_000 + r } }),
        );
        await nc.flush();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const perConn =
        rssBefore && rssAfter
          ? `${(((rssAfter - rssBefore) * 1024) / size / 1024).toFixed(1)} KiB`
          : 'n/a';
      rows.push(
        `| ${size} | ${ms(pct(latencies, 50))} / ${ms(pct(latencies, 99))} | ${delivered}/${size * rounds} | ${Math.round(delivered / (busyMs / 1000))} | ${perConn} | ${ms(pct(rawLat, 50))} / ${ms(pct(rawLat, 99))} |`,
      );
      console.error(rows.at(-1));
      rawLat.length = 0;
      for (const s of streams) s.req.destroy();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    rawSub.unsubscribe();
    console.log(
      [
        `SSE fan-out on one gateway process, ${rounds} pushes per row (ulimit -n ${limit})`,
        '',
        '| connections | SSE latency p50 / p99 (ms) | delivered | events/s | gateway RSS per connection | raw NATS p50 / p99 (ms), 1 subscriber |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
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
