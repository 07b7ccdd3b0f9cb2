import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { busy } from './hash-gate';
import type { HashingAnswer, HashingRequest } from './hashing-protocol';

type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };
type Request = HashingRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The built entry of the hashing process (from dist, or from src under the unit tests). */
export function hashingProcessEntry(): string {
  const beside = path.join(__dirname, 'hashing-process.js');
  return existsSync(beside)
    ? beside
    : path.resolve(__dirname, '../../dist/passwords/hashing-process.js');
}

/**
 * The parent's end of the password-hashing process (hashing-process.ts): started on the first
 * call, each call answered once by id, and started again on the next call if it exits, after
 * failing the calls it held with auth.busy. It stops when the service does, or on its own if the
 * service dies; it never keeps the service's process alive.
 */
export class HashingProcess {
  private child?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly entry = hashingProcessEntry()) {}

  /** The process id while it runs (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  hash(password: string): Promise<string> {
    return this.call({ op: 'hash', password }) as Promise<string>;
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.call({ op: 'verify', hash, password }) as Promise<boolean>;
  }

  /** Stops the process; calls still held fail. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    await exited;
  }

  private call(request: Request): Promise<string | boolean> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) child.channel?.ref(); // an answer is awaited
      child.send({ ...request, id } satisfies HashingRequest);
    });
  }

  private start(): ChildProcess {
    // No inherited flags (an inspector port, --cpu-prof): the child is a plain worker.
    const child = fork(this.entry, [], { execArgv: [], serialization: 'json', stdio: 'inherit' });
    child.on('message', (answer: HashingAnswer) => {
      const call = this.pending.get(answer.id);
      if (!call) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) child.channel?.unref(); // an idle channel holds nothing open
      if (answer.ok) call.resolve(answer.value);
      else call.reject(new Error(`password hashing failed: ${answer.error}`));
    });
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
      // A transient fault of this replica: the caller is asked to try again (503 auth.busy).
      for (const call of this.pending.values()) call.reject(busy());
      this.pending.clear();
    });
    child.unref();
    child.channel?.unref();
    this.child = child;
    return child;
  }
}
