// A worker of bench/sse-fanout.mjs (forked, so its streams' file descriptors and parsing are
// not in the bench's own process): opens SSE streams on command and reports when each marker
// push (`"bench":"<k>"`) arrived on each, as wall-clock milliseconds (performance.timeOrigin +
// performance.now(), comparable across the processes of one machine).
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
let streams = [];
const arrivals = new Map(); // marker -> times
let expected = 0;
const BATCH = Number(process.env.BENCH_SSE_OPEN_BATCH ?? 25);

function count(k) {
  const list = arrivals.get(k) ?? [];
  list.push(now());
  arrivals.set(k, list);
  if (list.length === expected) process.send({ type: 'arrived', marker: k, times: list });
}

/**
 * One stream over a raw socket (cheaper than node:http's client: the workers' parsing should not
 * be what is measured); resolves with the hello's id once it arrived.
 */
function open(url, token) {
  const { hostname, port, pathname } = new URL(url);
  const MARK = Buffer.from('"bench":"');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let hello;
    let head = '';
    socket.on('data', (chunk) => {
      if (hello === undefined) {
        head += chunk.toString('latin1');
        if (!head.startsWith('HTTP/1.1 200')) {
          if (head.length > 12) {
            socket.destroy();
            reject(new Error(`${url} answered ${head.slice(0, 12)}`));
          }
          return;
        }
        const m = /id: (\d+)\nevent: hello/.exec(head);
        if (m) {
          hello = Number(m[1]);
          head = '';
          resolve({ socket, hello });
        }
        return;
      }
      for (let at = chunk.indexOf(MARK); at >= 0; at = chunk.indexOf(MARK, at + MARK.length)) {
        let k = 0;
        for (let i = at + MARK.length; chunk[i] >= 48 && chunk[i] <= 57; i++)
          k = k * 10 + chunk[i] - 48;
        count(k);
      }
    });
    socket.on('error', (err) => hello === undefined && reject(err));
    socket.on('close', () => hello === undefined && reject(new Error('stream ended before hello')));
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n` +
        (token ? `Authorization: Bearer ${token}\r\n` : '') +
        '\r\n',
    );
  });
}

process.on('message', async (msg) => {
  try {
    if (msg.type === 'open') {
      // A few at a time, and again on a refusal: each fresh stream is one RPC to notify.
      const retrying = async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await open(msg.url, msg.token);
          } catch (err) {
            if (attempt >= 5) throw err;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      };
      for (let i = 0; i < msg.count; i += BATCH) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(BATCH, msg.count - i) }, retrying),
        );
        streams.push(...batch);
      }
      expected = streams.length;
      process.send({
        type: 'opened',
        count: streams.length,
        hello: Math.max(...streams.map((s) => s.hello)),
      });
    } else if (msg.type === 'flush') {
      process.send({ type: 'arrived', marker: msg.marker, times: arrivals.get(msg.marker) ?? [] });
    } else if (msg.type === 'close') {
      let open = streams.length;
      const closed = () => --open === 0 && process.send({ type: 'closed' });
      for (const s of streams) {
        s.socket.once('close', closed);
        s.socket.destroy();
      }
      if (!streams.length) process.send({ type: 'closed' });
      streams = [];
      arrivals.clear();
      expected = 0;
    }
  } catch (err) {
    process.send({ type: 'error', message: err.message });
  }
});
process.on('disconnect', () => process.exit(0));
