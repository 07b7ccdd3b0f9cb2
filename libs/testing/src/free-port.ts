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

/** A port held by a listening socket of this process until `release()` hands it to its user. */
export interface PortReservation {
  port: number;
  release(): Promise<void>;
}

/**
 * A port kept bound (on all addresses, as the services listen) until released just before its
 * user binds it, so the window in which another process can take it is a moment, not the time
 * the rest of the platform takes to start.
 */
export function reservePort(): Promise<PortReservation> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) return reject(new Error('no port allocated'));
      let released: Promise<void> | undefined;
      resolve({
        port: address.port,
        release: () => (released ??= new Promise<void>((done) => server.close(() => done()))),
      });
    });
  });
}
