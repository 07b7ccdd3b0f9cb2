// The CPU an RPC costs its caller, by transport: Nest's ClientNats (a fresh inbox subscribed and
// unsubscribed per request, observables around it), the NATS client's own request/reply with its
// shared inbox, and ReplyInbox (RpcClient's now: the same shared inbox, no error object made per
// reply). Both send the packet Nest's NATS server reads
// to the same responder (Nest's ServerNats in a child process, so the caller's CPU is its own);
// rounds alternate, so a loaded machine slows both alike. A report, not a test.
//
//   npm run build && node bench/rpc-transport.mjs
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 20_000);
const IN_FLIGHT = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SUBJECT = 'bench.echo.get';

if (process.argv[2] === 'responder') {
  const { ServerNats } = require('@nestjs/microservices');
  const server = new ServerNats({ servers: [process.argv[3]], queue: 'bench' });
  server.addHandler(SUBJECT, async () => ({ ok: true, username: 'ada' }));
  server.listen(() => process.send('ready'));
} else {
  const { findNatsServerBinary, startPrivateNatsServer } = require('@strata/testing');
  const { ClientNats } = require('@nestjs/microservices');
  const { firstValueFrom, timeout } = require('rxjs');
  const { NatsRecordBuilder } = require('@nestjs/microservices');
  const { headers: natsHeaders } = require('nats');
  // What a request carries either way: the caller's token and the trace context.
  const headers = () => {
    const h = natsHeaders();
    h.set('authorization', `Bearer ${'x'.repeat(600)}`);
    h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    return h;
  };
  const { encodeRpcPacket } = require('@strata/messaging/dist/rpc-packet');
  const { connectNats } = require('@strata/messaging/dist/nats-connection');
  const { ReplyInbox } = require('@strata/messaging/dist/reply-inbox');

  const nats = await startPrivateNatsServer(await findNatsServerBinary());
  const responder = fork(fileURLToPath(import.meta.url), ['responder', nats.natsUrl]);
  await new Promise((resolve) => responder.once('message', resolve));

  const nest = new ClientNats({ servers: [nats.natsUrl] });
  await nest.connect();
  const own = await connectNats(nats.natsUrl, 'bench-own', { noAsyncTraces: true });
  const inboxConnection = await connectNats(nats.natsUrl, 'bench-inbox', { noAsyncTraces: true });
  const inbox = new ReplyInbox(inboxConnection);
  // RpcClient's transport: the packet, one request on the shared inbox, the reply parsed.
  const variants = {
    "Nest's ClientNats.send (RpcClient before)": () =>
      firstValueFrom(
        nest
          .send(SUBJECT, new NatsRecordBuilder({ x: 1 }).setHeaders(headers()).build())
          .pipe(timeout(5000)),
      ),
    "the NATS client's request/reply, shared inbox": async () => {
      const reply = await own.request(SUBJECT, encodeRpcPacket(SUBJECT, { x: 1 }), {
        timeout: 5000,
        headers: headers(),
      });
      return JSON.parse(Buffer.from(reply.data).toString('utf8')).response;
    },
    'ReplyInbox, shared inbox (RpcClient now)': async () => {
      const reply = await inbox.request(
        SUBJECT,
        encodeRpcPacket(SUBJECT, { x: 1 }),
        headers(),
        5000,
      );
      return JSON.parse(Buffer.from(reply.data).toString('utf8')).response;
    },
  };

  async function round(send) {
    let left = PER_ROUND;
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (left-- > 0) await send();
      }),
    );
    const used = process.cpuUsage(cpu);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { cpuUs: (used.user + used.system) / PER_ROUND, perSecond: (PER_ROUND * 1000) / wallMs };
  }

  const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const send of Object.values(variants)) await round(send); // warm-up
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, send] of Object.entries(variants)) results[name].push(await round(send));

  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const rows = Object.entries(results).map(([name, rounds]) => ({
    name,
    cpuUs: median(rounds.map((r) => r.cpuUs)),
    perSecond: median(rounds.map((r) => r.perSecond)),
  }));
  const [base] = rows;
  const load = (await import('node:os'))
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  console.log(
    `RPC transport, caller's side: ${ROUNDS} rounds of ${PER_ROUND} requests, ${IN_FLIGHT} in flight, medians; load average ${load}\n`,
  );
  console.log('| transport | caller CPU µs per request | ÷ Nest | requests/s | ÷ Nest |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows)
    console.log(
      `| ${row.name} | ${row.cpuUs.toFixed(1)} | ${(row.cpuUs / base.cpuUs).toFixed(2)}× | ${row.perSecond.toFixed(0)} | ${(row.perSecond / base.perSecond).toFixed(2)}× |`,
    );
  await nest.close();
  await own.close();
  await inboxConnection.close();
  responder.kill();
  await nats.stop();
}
