import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago on `host` (the OS picks it).
 * Another process may still take it before the caller binds it; callers that
 * spawn servers retry on a bind failure.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() =>
        port ? resolve(port) : reject(new Error('could not allocate a free port')),
      );
    });
  });
}
