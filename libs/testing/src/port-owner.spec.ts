import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { freePort } from './free-port';
import { listensOn } from './port-owner';

describe('listensOn', () => {
  it('tells the process that listens on a port from one that does not', async () => {
    const server = createServer().listen(0, '0.0.0.0');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await once(other, 'spawn');
      await expect(listensOn(process.pid, port)).resolves.toBe(true);
      await expect(listensOn(other.pid!, port)).resolves.toBe(false);
      await expect(listensOn(process.pid, await freePort())).resolves.toBe(false);
    } finally {
      other.kill();
      server.close();
    }
  });
});
