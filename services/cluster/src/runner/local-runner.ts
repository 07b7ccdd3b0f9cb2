import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { parseTerminationMessage } from './job-contract';
import type { JobRunner, RunRef, RunSink, RunSpec } from './job-runner';

export interface LocalRunnerOptions {
  /** Where termination files go. */
  workDir: string;
  /** The command (argv) for a provider and action, if this machine can run it. */
  commandFor: (provider: string, action: string) => string[] | undefined;
}

/**
 * Runs the same job contract as a child process, for machines without Kubernetes: the
 * parameters and credentials in its environment, stdout and stderr as its log, and the
 * termination message in the file named by STRATA_TERMINATION_MESSAGE_PATH.
 * Children do not outlive the service: after a restart, an unfinished local run has failed.
 */
export class LocalRunner implements JobRunner {
  readonly kind = 'local' as const;
  private readonly logger = new Logger(LocalRunner.name);
  private readonly children = new Map<
    string,
    { child: ChildProcess; done: Promise<void>; cancelled: boolean }
  >();
  private sink?: RunSink;

  constructor(private readonly options: LocalRunnerOptions) {}

  async begin(sink: RunSink): Promise<void> {
    this.sink = sink;
    await mkdir(this.options.workDir, { recursive: true });
  }

  async start(spec: RunSpec): Promise<void> {
    if (this.children.has(spec.runId)) return;
    const command = this.options.commandFor(spec.provider, spec.action);
    if (!command) throw new Error(`no local command for ${spec.provider} ${spec.action}`);
    const sink = this.sink!;
    const terminationPath = path.join(this.options.workDir, `${spec.runId}.termination`);
    await rm(terminationPath, { force: true });
    const child = spawn(command[0]!, command.slice(1), {
      env: {
        PATH: process.env.PATH ?? '',
        ...spec.params,
        ...spec.credentials,
        STRATA_TERMINATION_MESSAGE_PATH: terminationPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const writer = sink.openLog(spec.runId);
    child.stdout!.on('data', (data: Buffer) => writer.write(data.toString('utf8')));
    child.stderr!.on('data', (data: Buffer) => writer.write(data.toString('utf8')));
    const entry = { child, cancelled: false, done: Promise.resolve() };
    entry.done = new Promise<void>((resolve) => {
      child.on('close', (code, signal) => {
        void (async () => {
          await writer.end();
          if (entry.cancelled) return resolve();
          const text = await readFile(terminationPath, 'utf8').catch(() => '');
          const message = parseTerminationMessage(text);
          if (code === 0)
            await sink.observe(spec.runId, { kind: 'succeeded', outputs: message.outputs });
          else
            await sink.observe(spec.runId, {
              kind: 'failed',
              reason:
                message.error ??
                `The job exited with ${signal ? `signal ${signal}` : `code ${code}`}.`,
            });
        })()
          .catch((error: unknown) =>
            this.logger.error({ err: error, runId: spec.runId }, 'local run end'),
          )
          .finally(() => {
            this.children.delete(spec.runId);
            resolve();
          });
      });
    });
    this.children.set(spec.runId, entry);
    child.on('spawn', () => void sink.observe(spec.runId, { kind: 'started' }));
    child.on('error', (error) => {
      this.logger.error({ err: error, runId: spec.runId }, 'local run could not start');
    });
  }

  async cancel(run: RunRef, graceSeconds: number): Promise<void> {
    const entry = this.children.get(run.runId);
    if (!entry) return;
    entry.cancelled = true;
    entry.child.kill('SIGTERM');
    const timer = setTimeout(() => entry.child.kill('SIGKILL'), graceSeconds * 1000);
    void entry.done.finally(() => clearTimeout(timer));
  }

  async reconcile(unfinished: RunRef[]): Promise<void> {
    for (const run of unfinished) {
      if (this.children.has(run.runId)) continue;
      await this.sink?.observe(run.runId, {
        kind: 'vanished',
        reason:
          'The cluster service restarted while this local run was running (local runs do not survive a restart).',
      });
    }
  }

  /** Nothing to wait for: a local run's log is flushed before its end is reported. */
  async drainLog(): Promise<void> {}

  async stop(): Promise<void> {
    for (const entry of this.children.values()) {
      entry.cancelled = true;
      entry.child.kill('SIGTERM');
    }
  }
}
