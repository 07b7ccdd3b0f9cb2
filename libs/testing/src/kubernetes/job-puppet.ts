import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';

/**
 * The test job image (libs/testing/job-puppet): its main process waits for orders given by exec,
 * so a test drives a Job's Pod on a real cluster as it drives the Kubernetes API stand-in's.
 */
export const JOB_PUPPET_COMMAND = '/usr/local/bin/strata-job-puppet';
export const JOB_PUPPET_IMAGE = 'strata/job-puppet:0.1.0';

/** Gives orders to the job puppet in a running Pod, through the API server's exec. */
export class JobPuppet {
  private readonly exec: Exec;

  constructor(kc: KubeConfig) {
    this.exec = new Exec(kc);
  }

  /** The text goes to the container's stdout: the Pod's log. */
  log(namespace: string, pod: string, text: string) {
    return this.order(namespace, pod, ['log', text]);
  }

  /** The container writes the termination message and exits with the code. */
  exit(namespace: string, pod: string, exitCode: number, terminationMessage: string) {
    return this.order(namespace, pod, ['exit', String(exitCode), terminationMessage]);
  }

  private async order(namespace: string, pod: string, args: string[]) {
    let stderr = '';
    const collect = new Writable({
      write(chunk: Buffer, _encoding, done) {
        stderr += chunk.toString('utf8');
        done();
      },
    });
    let status: V1Status | undefined;
    const ws = await this.exec.exec(
      namespace,
      pod,
      'job',
      [JOB_PUPPET_COMMAND, ...args],
      null,
      collect,
      null,
      false,
      (s) => (status = s),
    );
    await new Promise<void>((resolve, reject) => {
      ws.on('close', () => resolve());
      ws.on('error', reject);
    });
    if (status?.status !== 'Success')
      throw new Error(
        `strata-job-puppet ${args[0]} in ${namespace}/${pod} failed: ${status?.message ?? 'no status'} ${stderr}`.trim(),
      );
  }
}
