// The SSE baseline of bench/sse-fanout.mjs: a bare node:http server (a child process, its own
// event loop) that holds text/event-stream responses and writes each push of one NATS subject
// to all of them, framed once. No auth, no framework, no sequencing: the floor for the gateway.
import http from 'node:http';
import { connect } from 'nats';

const { NATS_URL, SUBJECT } = process.env;
const streams = new Set();
const nc = await connect({ servers: NATS_URL });
nc.subscribe(SUBJECT, {
  callback: (_err, msg) => {
    // A strata.notify.v1.UserPush in proto3 JSON: seq, at and one payload field.
    const { seq, at: _at, ...payload } = JSON.parse(new TextDecoder().decode(msg.data));
    const [type, data] = Object.entries(payload)[0];
    const frame = `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) res.write(frame);
  },
});
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write('id: 0\nevent: hello\ndata: {"unread":0,"lastSeq":0}\n\n');
  streams.add(res);
  res.on('close', () => streams.delete(res));
});
server.keepAliveTimeout = 0;
server.requestTimeout = 0;
server.headersTimeout = 0;
server.listen(0, '127.0.0.1', () =>
  process.send({ type: 'listening', port: server.address().port }),
);
process.on('message', (msg) => {
  if (msg.type === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send({ type: 'memory', memory: process.memoryUsage() });
  }
});
process.on('disconnect', () => process.exit(0));
