import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import express from 'express';
import { expressShapedMessages } from './shared-shape-express-adapter';

// V8's own answer to "do these two objects share a hidden class?" (%HaveSameMap), compiled
// after the flag is on.
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (
  o: object,
) => boolean;

type Held = { req: express.Request; res: express.Response };

/** Runs `check` on three requests held open by an Express app (as event streams are). */
async function withHeldRequests(
  shaped: boolean,
  check: (held: Held[], app: express.Express) => void,
) {
  const app = express();
  const held: Held[] = [];
  let arrived = (): void => undefined;
  const all = new Promise<void>((resolve) => (arrived = resolve));
  app.get('/', (req, res) => {
    res.status(200).setHeader('Content-Type', 'text/event-stream');
    res.flushHeaders();
    held.push({ req, res });
    if (held.length === 3) arrived();
  });
  const options = shaped
    ? expressShapedMessages(app as unknown as { request: object; response: object })
    : {};
  const server = http.createServer(options, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clients = [1, 2, 3].map(() => http.get({ port, host: '127.0.0.1', agent: false }));
  clients.forEach((c) => c.on('error', () => undefined));
  try {
    await all;
    check(held, app);
  } finally {
    clients.forEach((c) => c.destroy());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('expressShapedMessages', () => {
  it('gives Express Node’s own requests and responses, with the app’s prototypes', async () => {
    await withHeldRequests(true, (held, app) => {
      for (const { req, res } of held) {
        expect(req).toBeInstanceOf(http.IncomingMessage);
        expect(res).toBeInstanceOf(http.ServerResponse);
        expect(Object.getPrototypeOf(req)).toBe(app.request);
        expect(Object.getPrototypeOf(res)).toBe(app.response);
        expect(req.path).toBe('/');
        expect(res.headersSent).toBe(true);
      }
    });
  });

  it('lets every request and every response share one hidden class through Express', async () => {
    await withHeldRequests(true, (held) => {
      expect(haveSameMap(held[1].req, held[2].req)).toBe(true);
      expect(haveSameMap(held[1].res, held[2].res)).toBe(true);
    });
  });

  it('keeps their fields fast (in-object, not a dictionary per object)', async () => {
    await withHeldRequests(true, (held) => {
      for (const { req, res } of held) {
        expect(hasFastProperties(req)).toBe(true);
        expect(hasFastProperties(res)).toBe(true);
      }
    });
  });
});
