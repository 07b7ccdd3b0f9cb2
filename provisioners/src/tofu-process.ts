/**
 * Runs tofu as a child process: its output streamed line by line to handlers as it comes (or
 * stdout captured, for `tofu output -json`), and interruptible: SIGINT first (OpenTofu stops
 * gracefully and releases the state lock), SIGKILL once a grace period has passed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { forEachLines } from './lines';

export interface TofuInvocation {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onStdoutLines?: (lines: string[]) => void;
  onStderrLines: (lines: string[]) => void;
}

export interface TofuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when stdout was captured (no onStdoutLines). */
  stdout?: string;
  /** Set when tofu could not be started at all. */
  startError?: string;
}

export class TofuProcess {
  private child?: ChildProcess;
  private killTimer?: NodeJS.Timeout;

  constructor(private readonly binary: string) {}

  run(invocation: TofuInvocation): Promise<TofuExit> {
    return new Promise((resolve) => {
      const child = spawn(this.binary, invocation.args, {
        cwd: invocation.cwd,
        env: invocation.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      let stdout = '';
      let startError: string | undefined;
      const streams: Promise<void>[] = [forEachLines(child.stderr!, invocation.onStderrLines)];
      if (invocation.onStdoutLines)
        streams.push(forEachLines(child.stdout!, invocation.onStdoutLines));
      else {
        child.stdout!.setEncoding('utf8');
        child.stdout!.on('data', (chunk: string) => (stdout += chunk));
      }
      child.on('error', (error) => (startError = error.message));
      child.on('close', (code, signal) => {
        this.child = undefined;
        clearTimeout(this.killTimer);
        void Promise.allSettled(streams).then(() =>
          resolve({
            code,
            signal,
            ...(invocation.onStdoutLines ? {} : { stdout }),
            ...(startError ? { startError } : {}),
          }),
        );
      });
    });
  }

  /** Whether a tofu command is running now. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** SIGINT to the running command; SIGKILL if it has not exited after `graceMs`. */
  interrupt(graceMs: number): boolean {
    const child = this.child;
    if (!child) return false;
    child.kill('SIGINT');
    this.killTimer = setTimeout(() => {
      if (this.child === child) child.kill('SIGKILL');
    }, graceMs);
    return true;
  }
}
