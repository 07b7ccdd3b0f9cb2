import { fork } from 'node:child_process';

/**
 * A bench server in a child process of its own (its own event loop, like a service): `ready`
 * resolves with its first IPC message (its port, or that it is ready) and rejects if it does not
 * send one within 10 s or exits first; `stop()` sends SIGTERM (SIGKILL after 5 s). It is killed
 * with the bench if the bench exits first.
 */
export function startChild(script, args = [], label = script) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const killNow = () => child.kill('SIGKILL');
  process.on('exit', killNow);
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} not ready in 10 s`)), 10_000);
    child.once('message', (msg) => (clearTimeout(timer), resolve(msg)));
    child.once(
      'exit',
      (code, signal) => (
        clearTimeout(timer),
        reject(new Error(`${label} exited (${signal ?? code})`))
      ),
    );
  });
  return {
    pid: child.pid,
    ready,
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
