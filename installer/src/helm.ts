/**
 * Runs helm as a child process: its output lines are forwarded (masked, prefixed) as the run's
 * log, or captured (status/history JSON, which holds the values: never forwarded). One helm at a
 * time; `cancel()` sends it SIGTERM (Helm then cancels its operation) and SIGKILL after a grace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface HelmResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last `Error: ...` line helm printed (masked), without the prefix. */
  error?: string;
}

export interface HelmRunner {
  run(args: string[], options?: { capture?: boolean }): Promise<HelmResult>;
  cancel(graceMs?: number): Promise<void>;
}

export function helmRunner(
  bin: string,
  env: NodeJS.ProcessEnv,
  mask: (line: string) => string,
  log: (line: string) => void,
): HelmRunner {
  let current: { child: ChildProcess; done: Promise<HelmResult> } | null = null;

  return {
    run(args, options = {}) {
      const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let error: string | undefined;
      const onLine = (line: string, fromStderr: boolean) => {
        const masked = mask(line);
        if (fromStderr) stderr += `${masked}\n`;
        const match = /^Error: (.*)$/.exec(masked);
        if (match) error = match[1];
        if (options.capture && !fromStderr) {
          stdout += `${line}\n`;
          return;
        }
        if (masked.trim() !== '') log(`helm: ${masked}`);
      };
      const out = createInterface({ input: child.stdout! });
      const err = createInterface({ input: child.stderr! });
      out.on('line', (line) => onLine(line, false));
      err.on('line', (line) => onLine(line, true));
      // Both streams' last lines are in before the result is.
      const drained = Promise.all(
        [out, err].map((stream) => new Promise<void>((resolve) => stream.once('close', resolve))),
      );
      const done = new Promise<HelmResult>((resolve) => {
        let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
        child.once('error', (e) => {
          error = `could not run ${bin}: ${e.message}`;
          exit = { code: 127, signal: null };
        });
        child.once('close', (code, signal) => {
          exit ??= { code, signal };
          void drained.then(() =>
            resolve({ ...exit!, stdout, stderr, ...(error ? { error } : {}) }),
          );
        });
      });
      current = { child, done };
      return done.finally(() => {
        if (current?.child === child) current = null;
      });
    },

    async cancel(graceMs = 20000) {
      const running = current;
      if (!running || running.child.exitCode !== null) return;
      running.child.kill('SIGTERM');
      const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
      await running.done;
      clearTimeout(timer);
    },
  };
}
