import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));

/** Starts the Express baseline in a child process; resolves with its URL and a stop(). */
export async function startBaseline() {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const killNow = () => child.kill('SIGKILL');
  process.on('exit', killNow);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('baseline server did not report a port in 10 s')),
      10_000,
    );
    child.once('message', (msg) => (clearTimeout(timer), resolve(msg.port)));
    child.once(
      'exit',
      (code, signal) => (
        clearTimeout(timer),
        reject(new Error(`baseline server exited (${signal ?? code})`))
      ),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      process.off('exit', killNow);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(killNow, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
