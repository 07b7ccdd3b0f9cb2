import { once } from 'node:events';
import { createServer } from 'node:net';
import { reservePort } from './free-port';

/** 'bound', or the error code a listen on `port` failed with. */
const bind = async (port: number) => {
  const server = createServer().listen(port, '0.0.0.0');
  try {
    await once(server, 'listening'); // rejects with the 'error' event's error
    return 'bound';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  } finally {
    server.close();
  }
};

describe('reservePort', () => {
  it('holds the port until released, then hands it over', async () => {
    const reservation = await reservePort();
    await expect(bind(reservation.port)).resolves.toBe('EADDRINUSE');
    await reservation.release();
    await reservation.release(); // releasing twice is harmless
    await expect(bind(reservation.port)).resolves.toBe('bound');
  });
});
