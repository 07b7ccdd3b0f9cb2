import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findNatsServerBinary, freePort, waitForNats } from '@strata/testing';

/**
 * A private `nats-server -js` that a test can kill (an outage) and start again on the same port
 * with the same store (JetStream keeps its streams and durable consumers), as a crashed and
 * restarted NATS would.
 */
export class StoppableNats {
  natsUrl = '';
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private port = 0;
  private storeDir = '';
  private binary = '';

  async start(): Promise<void> {
    if (!this.binary) {
      const binary = await findNatsServerBinary();
      if (!binary) throw new Error('this suite needs a nats-server binary on PATH');
      this.binary = binary;
      this.port = await freePort();
      this.storeDir = await mkdtemp(path.join(tmpdir(), 'strata-nats-outage-'));
      this.natsUrl = `nats://127.0.0.1:${this.port}`;
    }
    const child = spawn(
      this.binary,
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir],
      { stdio: 'ignore' },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitForNats(this.natsUrl, 15_000);
  }

  /** SIGKILL: every client loses its connection at once. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    if (this.storeDir) await rm(this.storeDir, { recursive: true, force: true });
  }
}
