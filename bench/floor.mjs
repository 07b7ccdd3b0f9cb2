import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';

const script = fileURLToPath(new URL('./floor-server.mjs', import.meta.url));

/**
 * The design's floor for `GET /me` (floor-server.mjs): an Express process asking a service
 * process over the platform's NATS, which runs accounts' statement for GET /me on the platform's
 * PostgreSQL. Resolves with its URL, the two pids and a stop().
 */
export async function startFloor({ natsUrl, databaseUrl, userId }) {
  const service = startChild(script, ['service', natsUrl, databaseUrl, userId], 'floor service');
  await service.ready;
  const http = startChild(script, ['http', natsUrl], 'floor http');
  const { port } = await http.ready;
  return {
    url: `http://127.0.0.1:${port}`,
    pids: { 'floor http': http.pid, 'floor service': service.pid },
    async stop() {
      await http.stop();
      await service.stop();
    },
  };
}
