import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SseFrame } from './sse-frame';
import { SseSink } from './sse-sink';

/** A node:http server whose one route hands its response to `use` through an SseSink. */
async function serve(
  use: (sink: SseSink, slow: () => boolean) => void,
  maxBufferedBytes = 1024 * 1024,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    let slow = false;
    const sink = new SseSink(res, maxBufferedBytes, () => {
      slow = true;
      sink.destroy();
    });
    res.setHeader('Content-Type', 'text/event-stream');
    sink.open();
    use(sink, () => slow);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends `request` on a raw socket; the whole answer once the server closed it. */
function rawAnswer(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write(request);
  });
}

const frames = [SseFrame.event('a', '{"n":1}', 1), SseFrame.event('b', '"é"', 2)];
const last = SseFrame.json('reconnect', { reason: 'shutdown' });
const body = [...frames, last].map((f) => f.toString()).join('');

describe('SseSink', () => {
  it('writes shared frames on the socket as a valid chunked HTTP/1.1 body, ended by the response', async () => {
    const server = await serve((sink) => {
      for (const f of frames) sink.write(f);
      sink.end(last);
    });
    try {
      const received = await new Promise<string>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${server.port}/`, (res) => {
            expect(res.headers['transfer-encoding']).toBe('chunked');
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(received).toBe(body);
    } finally {
      await server.close();
    }
  });

  it('writes the bare frames to an HTTP/1.0 client (no chunks; the close ends the body)', async () => {
    const server = await serve((sink) => {
      for (const f of frames) sink.write(f);
      sink.end(last);
    });
    try {
      const answer = await rawAnswer(server.port, 'GET / HTTP/1.0\r\n\r\n');
      expect(answer.split('\r\n\r\n')[1]).toBe(Buffer.from(body).toString('latin1'));
    } finally {
      await server.close();
    }
  });

  it('cuts off a client that does not read once the queued bytes pass the bound', async () => {
    const frame = SseFrame.raw(`: ${'x'.repeat(64 * 1024)}\n\n`);
    let result: { written: number; slow: boolean } | undefined;
    const server = await serve((sink, slow) => {
      let written = 0;
      while (sink.write(frame)) written++; // nothing reads: the kernel buffers, then the socket's
      result = { written, slow: slow() };
      expect(sink.write(frame)).toBe(false);
    }, 256 * 1024);
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.pause();
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise<void>((resolve) => socket.once('close', () => resolve()).resume());
      expect(result?.slow).toBe(true);
      expect(result!.written).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
