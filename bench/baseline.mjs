import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';

const script = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));

/** Starts the Express baseline in a child process; resolves with its URL and a stop(). */
export async function startBaseline() {
  const child = startChild(script, [], 'baseline server');
  const { port } = await child.ready;
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.stop() };
}
