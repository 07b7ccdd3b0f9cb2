/**
 * Runs the built entrypoint (provisioners/dist/main.js) as a real child process against the fake
 * tofu (test/fakes/tofu.fake.mjs), with a private work dir, termination file and record file.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const provisionersDir = path.resolve(__dirname, '..');
export const entrypoint = path.join(provisionersDir, 'dist', 'main.js');
export const fakeTofu = path.join(provisionersDir, 'test', 'fakes', 'tofu.fake.mjs');

export const ORG_ID = '0b6d4c1e-8a35-4c55-9d1e-2f1a3b4c5d6e';
export const CLUSTER_ID = '7f3e2d1c-0b9a-4877-8665-544332211000';
export const RUN_ID = '11111111-2222-4333-8444-555555555555';

/** A valid environment of an AWS run, as the cluster service passes it. */
export function awsRunEnv(): Record<string, string> {
  return {
    STRATA_RUN_ID: RUN_ID,
    STRATA_CLUSTER_ID: CLUSTER_ID,
    STRATA_ORG_ID: ORG_ID,
    STRATA_ACTION: 'apply',
    STRATA_PROVIDER: 'aws',
    CLUSTER_NAME: 'demo',
    CLUSTER_REGION: 'eu-west-1',
    CLUSTER_KUBERNETES_VERSION: '1.33',
    CLUSTER_VPC_CIDR: '10.0.0.0/16',
    CLUSTER_PUBLIC_SUBNET_CIDRS: '10.0.0.0/19,10.0.32.0/19',
    CLUSTER_PRIVATE_SUBNET_CIDRS: '10.0.128.0/18,10.0.192.0/18',
    CLUSTER_NODE_INSTANCE_TYPE: 't3.large',
    CLUSTER_NODE_MIN_SIZE: '1',
    CLUSTER_NODE_MAX_SIZE: '3',
    STATE_CONNECTOR_ID: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    STATE_BACKEND: 's3',
    STATE_KEY: `clusters/${ORG_ID}/${CLUSTER_ID}/terraform.tfstate`,
    STATE_S3_BUCKET: 'strata-state',
    STATE_S3_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEYID0001',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfi"CYEXAMPLE\\KEY<&>',
    AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE/SESSION+TOKEN==',
  };
}

export interface EntrypointRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The termination message file's text ('' when none was written). */
  terminationText: string;
  termination: { outputs?: Record<string, unknown>; error?: string } | null;
  /** The fake's record: one entry per invocation or signal. */
  records: Array<Record<string, unknown>>;
  /** What the run left in its work dir (nothing). */
  workLeft: string[];
}

export interface RunOptions {
  scenario?: string;
  env?: Record<string, string | undefined>;
  /** Called with each stdout line; gets the child, e.g. to signal it at a marker line. */
  onLine?: (line: string, child: ReturnType<typeof spawn>) => void;
}

export async function runEntrypoint(options: RunOptions = {}): Promise<EntrypointRun> {
  if (!existsSync(entrypoint))
    throw new Error(`${entrypoint} is missing: run npm run build (or npx tsc -b provisioners)`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-prov-'));
  const terminationPath = path.join(dir, 'termination-log');
  const recordPath = path.join(dir, 'record.jsonl');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...awsRunEnv(),
    STRATA_TERMINATION_MESSAGE_PATH: terminationPath,
    STRATA_WORK_DIR: path.join(dir, 'work'),
    STRATA_MODULES_DIR: provisionersDir,
    STRATA_PROVIDER_MIRROR: '/opt/strata/providers',
    TOFU_BINARY: fakeTofu,
    FAKE_TOFU_SCENARIO: options.scenario ?? 'apply',
    FAKE_TOFU_RECORD: recordPath,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(process.execPath, [entrypoint], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line, child);
  });
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  const terminationText = existsSync(terminationPath)
    ? await readFile(terminationPath, 'utf8')
    : '';
  const recordText = existsSync(recordPath) ? await readFile(recordPath, 'utf8') : '';
  const workDir = path.join(dir, 'work');
  const workLeft = existsSync(workDir) ? readdirSync(workDir) : [];
  await rm(dir, { recursive: true, force: true });
  return {
    code,
    signal,
    stdout,
    stderr,
    terminationText,
    termination: terminationText ? JSON.parse(terminationText) : null,
    records: recordText
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    workLeft,
  };
}

export const lines = (text: string) => text.split('\n').filter((l) => l !== '');
