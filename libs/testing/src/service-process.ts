import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { withTimeout } from './wait-until';

export interface ServiceProcessOptions {
  name: string;
  /** The script node runs (services/<name>/dist/main.js). */
  script: string;
  cwd: string;
  port: number;
  /** Where every captured line is appended. */
  logFile: string;
  /** Receives each captured line (the platform keeps an interleaved log of all services). */
  onLine?: (name: string, line: string) => void;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface LogWaiter {
  pattern: RegExp;
  resolve: (line: string) => void;
}

/**
 * One service as a Node child process: stdout and stderr captured line by line
 * (in memory and appended to a log file), started, killed and restarted on the same port.
 */
export class ServiceProcess {
  readonly name: string;
  readonly port: number;
  private readonly lines: string[] = [];
  /** Index in `lines` where the current run (since the last start) begins. */
  private runStart = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<ExitStatus> = Promise.resolve({ code: null, signal: null });
  private readonly waiters = new Set<LogWaiter>();
  private readonly logStream: WriteStream;

  constructor(private readonly options: ServiceProcessOptions) {
    this.name = options.name;
    this.port = options.port;
    this.logStream = createWriteStream(options.logFile, { flags: 'a' });
    this.logStream.on('error', () => undefined); // Losing the file copy must not fail a test.
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /**
   * Spawns `node <script>` with exactly `env`. Resolves once the process is spawned.
   * `STRATA_NODE_ARGS` in `env` (space-separated) goes before the script: Node options that
   * NODE_OPTIONS refuses, such as the bench's `--cpu-prof`.
   */
  async start(env: NodeJS.ProcessEnv): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.runStart = this.lines.length;
    this.record(`[harness] starting ${this.name} on port ${this.port}`);
    const nodeArgs = (env.STRATA_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, this.options.script], {
      cwd: this.options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const streamsClosed = [child.stdout, child.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          const reader = createInterface({ input: stream!, crlfDelay: Infinity });
          reader.on('line', (line) => this.record(line));
          reader.on('close', () => resolve());
        }),
    );
    const exit = new Promise<ExitStatus>((resolve) => {
      child.once('error', (err) => {
        this.record(`[harness] ${this.name} could not start: ${err.message}`);
        resolve({ code: -1, signal: null });
      });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.exited = exit.then(async (status) => {
      await Promise.all(streamsClosed); // Every line it wrote is captured before "exited".
      this.record(`[harness] ${this.name} exited (${status.signal ?? `code ${status.code}`})`);
      return status;
    });
    await new Promise<void>((resolve) => {
      child.once('spawn', () => resolve());
      child.once('error', () => resolve());
    });
  }

  /** Resolves when the current process has exited (immediately if it is not running). */
  waitForExit(): Promise<ExitStatus> {
    return this.exited;
  }

  /** Sends `signal` and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    if (this.running) this.child!.kill(signal);
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs = 10_000): Promise<ExitStatus> {
    if (!this.running) return this.exited;
    this.child!.kill('SIGTERM');
    try {
      return await withTimeout(this.exited, graceMs, 'grace period over');
    } catch {
      this.record(`[harness] ${this.name} ignored SIGTERM for ${graceMs} ms; sending SIGKILL`);
      return this.kill('SIGKILL');
    }
  }

  /** Synchronous last resort when the test process exits without stop(). */
  killNow(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }

  /** Everything captured so far, all runs, one line each. */
  output(): string {
    return this.lines.join('\n');
  }

  /** The last `count` captured lines. */
  tail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }

  /**
   * The first line of the current run (since the last start/restart) matching
   * `pattern`, already captured or yet to come; rejects after `timeoutMs`.
   */
  waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const found = this.lines.slice(this.runStart).find((line) => matches(pattern, line));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<string>((resolve, reject) => {
      const waiter: LogWaiter = {
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `${this.name} logged nothing matching ${pattern} within ${timeoutMs} ms; last lines:\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Closes the log file (after the process has exited). */
  close(): Promise<void> {
    return new Promise((resolve) => this.logStream.end(() => resolve()));
  }

  private record(line: string): void {
    this.lines.push(line);
    this.logStream.write(`${line}\n`);
    this.options.onLine?.(this.name, line);
    for (const waiter of this.waiters) {
      if (matches(waiter.pattern, line)) {
        this.waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }
}

/** `test` without the statefulness of /g and /y regexes. */
function matches(pattern: RegExp, line: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(line);
}
