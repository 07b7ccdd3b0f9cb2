/**
 * The entrypoint as a real process (provisioners/dist/main.js) against the fake tofu, which
 * replays OpenTofu's machine-readable UI: what reaches the log, the progress lines and the
 * termination message, as the cluster service's parser of the job contract reads them.
 */
import {
  parseProgressLine,
  parseTerminationMessage,
} from '../../services/cluster/src/runner/job-contract';
import { CLUSTER_ID, ORG_ID, awsRunEnv, lines, runEntrypoint } from './entrypoint-run';

type Invocation = { command: string; args: string[]; env: Record<string, string | null> };
const invocations = (records: Array<Record<string, unknown>>) =>
  records.filter(
    (r) => typeof r.command === 'string' && !('signal' in r),
  ) as unknown as Invocation[];
const progressOf = (stdout: string) =>
  lines(stdout)
    .map(parseProgressLine)
    .filter((p) => p !== null)
    .map((p) => `${p.step}=${p.percent}`);

describe('provisioner entrypoint (fake tofu)', () => {
  it('applies: init, plan -out, apply of that plan, outputs; readable lines, progress, outputs', async () => {
    const run = await runEntrypoint({ scenario: 'apply' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const calls = invocations(run.records);
    expect(calls.map((c) => c.command)).toEqual(['init', 'plan', 'apply', 'output']);
    const [init, plan, apply] = calls;
    expect(init!.args).toEqual(expect.arrayContaining(['-input=false', '-get=false']));
    expect(plan!.args).toEqual(expect.arrayContaining(['-input=false', '-json']));
    expect(plan!.args).not.toContain('-destroy');
    const planFile = plan!.args.find((a) => a.startsWith('-out='))!.slice('-out='.length);
    expect(apply!.args).toEqual(expect.arrayContaining(['-input=false', '-json']));
    expect(apply!.args[apply!.args.length - 1]).toBe(planFile);
    for (const call of calls) {
      expect(call.env.TF_DATA_DIR).toMatch(/\/work\/.+\/module\/\.terraform$/);
      expect(call.env.TF_PLUGIN_CACHE_DIR).toMatch(/\/work\//);
      expect(call.env.TF_CLI_CONFIG_FILE).toMatch(/\/work\//);
      expect(call.env.TF_IN_AUTOMATION).toBe('1');
    }

    // The generated files: the module copy, its variables, the backend, the CLI config.
    const files = run.records[0]!.files as Record<string, unknown>;
    expect(files.moduleFiles).toEqual(['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    expect(JSON.parse(files.backend as string)).toEqual({
      terraform: {
        backend: {
          s3: {
            bucket: 'strata-state',
            key: `clusters/${ORG_ID}/${CLUSTER_ID}/terraform.tfstate`,
            region: 'eu-west-1',
            encrypt: true,
            use_lockfile: true,
          },
        },
      },
    });
    expect(JSON.parse(files.tfvars as string)).toMatchObject({
      cluster_name: 'demo',
      private_subnet_cidrs: ['10.0.128.0/18', '10.0.192.0/18'],
      node_max_size: 3,
    });
    expect(files.cliConfig).toMatch(/filesystem_mirror \{\s+path\s+= "\/opt\/strata\/providers"/);
    // Credentials reach tofu through its environment, and nowhere else.
    expect(run.records[0]!.credentials).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
    ]);
    expect(JSON.stringify(files)).not.toContain(awsRunEnv().AWS_ACCESS_KEY_ID);

    const log = lines(run.stdout);
    // Readable lines, not OpenTofu's JSON.
    expect(log.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(log).toContain('init: OpenTofu has been successfully initialized!');
    expect(log).toContain('plan: module.eks.aws_eks_cluster.this[0]: Plan to create');
    const summary = log.indexOf('plan: summary: 4 to add, 0 to change, 0 to destroy');
    const firstApply = log.indexOf('apply: module.vpc.aws_vpc.this[0]: Creating...');
    expect(summary).toBeGreaterThan(-1);
    expect(firstApply).toBeGreaterThan(summary);
    expect(log).toContain(
      'apply: module.eks.aws_eks_cluster.this[0]: Creation complete after 540s [id=demo]',
    );
    expect(log).toContain('apply: Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');

    expect(progressOf(run.stdout)).toEqual([
      'plan=0',
      'plan=100',
      'apply=0',
      'apply=25',
      'apply=50',
      'apply=75',
      'apply=99',
      'apply=100',
      'outputs=100',
    ]);

    // The run's copy (module, plan file) is gone when it ends.
    expect(run.workLeft).toEqual([]);

    const message = parseTerminationMessage(run.terminationText);
    expect(message.problem).toBeUndefined();
    expect(message.error).toBeUndefined();
    expect(message.outputs).toEqual({
      caCertificate: expect.stringMatching(/^LS0tLS1CRUdJTi/),
      clusterId: 'arn:aws:eks:eu-west-1:123456789012:cluster/demo',
      clusterName: 'demo',
      endpoint: 'https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
      networkId: 'vpc-0a1b2c3d4e5f',
      nodePool: 'default-2026120205',
      region: 'eu-west-1',
      subnetIds: 'subnet-0a1b2c3d,subnet-0b2c3d4e,subnet-0c3d4e5f,subnet-0d4e5f6a',
      version: '1.33',
    });
  });

  it('fails on a provider error: the diagnostic as readable lines and as the reason', async () => {
    const run = await runEntrypoint({ scenario: 'provider-error' });
    expect(run.code).toBe(1);
    const log = lines(run.stdout);
    expect(log).toContain('apply: module.eks.aws_eks_cluster.this[0]: Creation errored after 3s');
    expect(log).toContain(
      'apply: error: creating EKS Cluster (demo): operation error EKS: CreateCluster, https response error StatusCode: 400, InvalidParameterException: unsupported Kubernetes version (module.eks.aws_eks_cluster.this[0], .terraform/modules/eks/main.tf:35)',
    );
    expect(log).toContain(
      'apply:   The requested Kubernetes version is not supported in this region.',
    );
    expect(progressOf(run.stdout)).toEqual(['plan=0', 'plan=100', 'apply=0', 'apply=25']);
    expect(run.termination).toEqual({
      outputs: {},
      error:
        'tofu apply failed: creating EKS Cluster (demo): operation error EKS: CreateCluster, https response error StatusCode: 400, InvalidParameterException: unsupported Kubernetes version (module.eks.aws_eks_cluster.this[0]): The requested Kubernetes version is not supported in this region. Choose one of the versions EKS lists for it.',
    });
    expect(invocations(run.records).map((c) => c.command)).toEqual(['init', 'plan', 'apply']);
  });

  it('destroys: plan -destroy, apply, {"destroyed": true}, no outputs read', async () => {
    const run = await runEntrypoint({
      scenario: 'destroy',
      env: { STRATA_ACTION: 'destroy' },
    });
    expect(run.code).toBe(0);
    const calls = invocations(run.records);
    expect(calls.map((c) => c.command)).toEqual(['init', 'plan', 'apply']);
    expect(calls[1]!.args).toContain('-destroy');
    const log = lines(run.stdout);
    expect(log).toContain('plan: summary: 0 to add, 0 to change, 4 to destroy');
    expect(log).toContain('apply: module.vpc.aws_vpc.this[0]: Destruction complete after 2s');
    expect(log).toContain('apply: Destroy complete! Resources: 4 destroyed.');
    expect(progressOf(run.stdout)).toEqual([
      'plan=0',
      'plan=100',
      'apply=0',
      'apply=25',
      'apply=50',
      'apply=75',
      'apply=99',
      'apply=100',
    ]);
    expect(run.termination).toEqual({ outputs: { destroyed: true } });
  });

  it('cancels on SIGTERM mid-apply: SIGINT to tofu, which stops and releases the lock', async () => {
    let signalled = false;
    const run = await runEntrypoint({
      scenario: 'cancel',
      onLine: (line, child) => {
        if (!signalled && line === 'apply: module.eks.aws_eks_cluster.this[0]: Creating...') {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(signalled).toBe(true);
    expect(run.code).toBe(143);
    expect(run.records.filter((r) => 'signal' in r)).toEqual([
      { signal: 'SIGINT', command: 'apply' },
    ]);
    const log = lines(run.stdout);
    expect(log).toContain(
      'strata: SIGTERM: cancelling; tofu is interrupted (SIGINT) to stop and release the state lock, killed if still running after 20 s',
    );
    expect(log).toContain('apply: Stopping operation...');
    expect(log).toContain('apply: Releasing state lock. This may take a few moments...');
    expect(run.termination).toEqual({ outputs: {}, error: 'cancelled' });
    expect(invocations(run.records).map((c) => c.command)).toEqual(['init', 'plan', 'apply']);
    expect(run.workLeft).toEqual([]);
  });

  it('kills a tofu that does not stop within the grace period, still as cancelled', async () => {
    let signalled = false;
    const run = await runEntrypoint({
      scenario: 'cancel-stuck',
      env: { STRATA_CANCEL_GRACE_SECONDS: '0.3' },
      onLine: (line, child) => {
        if (!signalled && line.endsWith('aws_eks_cluster.this[0]: Creating...')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(run.code).toBe(143);
    expect(run.records.filter((r) => 'signal' in r)).toEqual([
      { signal: 'SIGINT', command: 'apply' },
    ]);
    expect(run.stdout).not.toContain('Releasing state lock');
    expect(run.termination).toEqual({ outputs: {}, error: 'cancelled' });
  });

  it('fails clearly when the outputs do not fit the 4096-byte termination message', async () => {
    const run = await runEntrypoint({ scenario: 'large-outputs' });
    expect(run.code).toBe(1);
    expect(Buffer.byteLength(run.terminationText)).toBeLessThanOrEqual(4096);
    expect(run.termination!.outputs).toEqual({});
    expect(run.termination!.error).toMatch(
      /^the outputs take \d{4} bytes as a termination message: more than the 4096 bytes Kubernetes keeps$/,
    );
    expect(progressOf(run.stdout)).not.toContain('outputs=100');
  });

  it('refuses a sensitive output', async () => {
    const run = await runEntrypoint({ scenario: 'sensitive-output' });
    expect(run.code).toBe(1);
    expect(run.termination!.error).toBe(
      'output kubeconfig is sensitive: a provisioner module must not output secrets, so it is refused',
    );
    expect(run.terminationText).not.toContain('apiVersion');
  });

  it('fails on init with the backend error as the reason', async () => {
    const run = await runEntrypoint({ scenario: 'init-error' });
    expect(run.code).toBe(1);
    expect(run.termination!.error).toBe(
      'tofu init failed: Failed to get existing workspaces: S3 bucket "strata-state" does not exist. The referenced S3 bucket must have been previously created.',
    );
    expect(invocations(run.records).map((c) => c.command)).toEqual(['init']);
  });

  it('ends with exit code 2 and the reason on a missing or bad variable, running no tofu', async () => {
    const run = await runEntrypoint({
      env: { CLUSTER_NAME: undefined, CLUSTER_NODE_MAX_SIZE: 'lots', STATE_BACKEND: 'gcs' },
    });
    expect(run.code).toBe(2);
    expect(run.records).toEqual([]);
    expect(run.termination).toEqual({
      outputs: {},
      error:
        'invalid environment: CLUSTER_NAME is missing; CLUSTER_NODE_MAX_SIZE must be a whole number from 1 to 100; STATE_BACKEND must be s3 for provider aws; STATE_GCS_BUCKET is missing (STATE_BACKEND=gcs)',
    });
  });

  it('ends with exit code 2 when the image has no module for the provider', async () => {
    const run = await runEntrypoint({ env: { STRATA_MODULES_DIR: '/nonexistent/modules' } });
    expect(run.code).toBe(2);
    expect(run.records).toEqual([]);
    expect(run.termination).toEqual({
      outputs: {},
      error: 'this image has no module for provider aws (aws-eks in /nonexistent/modules)',
    });
  });

  it('fails with the reason when tofu cannot be started', async () => {
    const run = await runEntrypoint({ env: { TOFU_BINARY: '/nonexistent/tofu' } });
    expect(run.code).toBe(1);
    expect(run.termination).toEqual({
      outputs: {},
      error: 'could not start tofu (/nonexistent/tofu): spawn /nonexistent/tofu ENOENT',
    });
  });

  it('never lets a credential reach the log, raw or JSON-escaped', async () => {
    const env = awsRunEnv();
    const privateKey =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----\n';
    const googleCredentials = JSON.stringify({
      type: 'service_account',
      project_id: 'strata-demo-123',
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      private_key: privateKey,
      client_email: 'strata@strata-demo-123.iam.gserviceaccount.com',
    });
    const run = await runEntrypoint({
      scenario: 'leak',
      env: { GOOGLE_CREDENTIALS: googleCredentials },
    });
    expect(run.code).toBe(1);
    const everything = run.stdout + run.stderr + run.terminationText;
    // The fake did print them: masked where they were.
    expect(run.stdout).toContain('apply: error: signing request with key *** and secret ***');
    expect(run.stdout).toContain('apply:   request body: {"SecretAccessKey":"***"}');
    expect(run.stderr).toContain('[DEBUG] provider: AWS_SECRET_ACCESS_KEY=***');
    const secrets = [
      env.AWS_ACCESS_KEY_ID,
      env.AWS_SECRET_ACCESS_KEY,
      env.AWS_SESSION_TOKEN,
      JSON.stringify(env.AWS_SECRET_ACCESS_KEY).slice(1, -1),
      JSON.stringify(JSON.stringify(env.AWS_SECRET_ACCESS_KEY).slice(1, -1)).slice(1, -1),
      privateKey,
      JSON.stringify(privateKey).slice(1, -1),
      ...privateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')),
      // Pieces of the secret: nothing of it leaks past the mask either.
      'CYEXAMPLE',
      'K7MDENG',
      'SESSION+TOKEN',
      'BQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
    ];
    for (const secret of secrets!) expect(everything).not.toContain(secret);
  });
});
