#!/usr/bin/env node
// A fake `tofu` for the provisioner entrypoint's tests and bench: no OpenTofu, no cloud. It
// replays machine-readable UI streams (OpenTofu's documented `-json` format, files in
// tofu-streams/) chosen by FAKE_TOFU_SCENARIO, answers `tofu output -json` like OpenTofu, and
// records every invocation (argv, cwd, the TF_* environment, the generated files) and every
// signal it gets as JSON lines in FAKE_TOFU_RECORD.
//
// Scenarios: apply (default), destroy, provider-error, cancel (apply waits for SIGINT, then
// prints OpenTofu's interrupt/stop/lock-release messages and exits 1), cancel-stuck (ignores
// SIGINT), large-outputs, sensitive-output, leak (quotes the credentials from its environment,
// JSON-escaped in the stream and raw on stderr), init-error, lines (FAKE_TOFU_LINES apply_progress
// messages, for bench/provisioner-lines.mjs).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const scenario = env.FAKE_TOFU_SCENARIO || 'apply';
const [command, ...args] = process.argv.slice(2);

const record = (entry) => {
  if (env.FAKE_TOFU_RECORD) appendFileSync(env.FAKE_TOFU_RECORD, `${JSON.stringify(entry)}\n`);
};
const readIfThere = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
record({
  command,
  args,
  cwd: process.cwd(),
  env: Object.fromEntries(
    [
      'TF_DATA_DIR',
      'TF_CLI_CONFIG_FILE',
      'TF_PLUGIN_CACHE_DIR',
      'TF_IN_AUTOMATION',
      'TF_INPUT',
      'HOME',
    ].map((k) => [k, env[k] ?? null]),
  ),
  credentials: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].filter(
    (k) => env[k],
  ),
  files:
    command === 'init'
      ? {
          tfvars: readIfThere('strata.auto.tfvars.json'),
          backend: readIfThere('strata_backend.tf.json'),
          cliConfig: env.TF_CLI_CONFIG_FILE ? readIfThere(env.TF_CLI_CONFIG_FILE) : null,
          moduleFiles: ['main.tf', 'outputs.tf', 'variables.tf', 'versions.tf'].filter((f) =>
            existsSync(f),
          ),
        }
      : undefined,
});

const out = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const err = (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
const json = (s) => JSON.stringify(s).slice(1, -1);
const googleKey = () => {
  try {
    return JSON.parse(env.GOOGLE_CREDENTIALS ?? '{}').private_key ?? '';
  } catch {
    return '';
  }
};
/** A stream file with {{NAME}} (the env value, JSON-escaped) and {{json:NAME}} (escaped twice). */
const stream = (name) =>
  readFileSync(path.join(here, 'tofu-streams', `${name}.jsonl`), 'utf8')
    .replace(/\{\{json:([A-Z_]+)\}\}/g, (_, k) => json(json(env[k] ?? '')))
    .replace(/\{\{GOOGLE_PRIVATE_KEY\}\}/g, () => json(googleKey()))
    .replace(/\{\{([A-Z_]+)\}\}/g, (_, k) => json(env[k] ?? ''));

const hasFlag = (flag) => args.includes(flag);
const requireFlags = (...flags) => {
  const missing = flags.filter((f) => !hasFlag(f));
  if (missing.length > 0) {
    err(`fake tofu: ${command} without ${missing.join(' ')}`);
    process.exit(64);
  }
};

function init() {
  requireFlags('-input=false');
  if (scenario === 'init-error') {
    out('Initializing the backend...');
    out('');
    out('Error: Failed to get existing workspaces: S3 bucket "strata-state" does not exist.');
    out('');
    out('The referenced S3 bucket must have been previously created.');
    process.exit(1);
  }
  out('Initializing the backend...');
  out('');
  out('Successfully configured the backend "s3"! OpenTofu will automatically');
  out('use this backend unless the backend configuration changes.');
  out('Initializing provider plugins...');
  out('- Reusing previous version of hashicorp/aws from the dependency lock file');
  out('- Installing hashicorp/aws v6.59.0...');
  out('- Installed hashicorp/aws v6.59.0 (unauthenticated)');
  out('');
  out('OpenTofu has been successfully initialized!');
}

function plan() {
  requireFlags('-input=false', '-json');
  if (!args.some((a) => a.startsWith('-out='))) {
    err('fake tofu: plan without -out=<planfile>');
    process.exit(64);
  }
  out(stream(hasFlag('-destroy') ? 'destroy-plan' : 'apply-plan'));
}

function apply() {
  requireFlags('-input=false', '-json');
  switch (scenario) {
    case 'destroy':
      return out(stream('destroy-apply'));
    case 'provider-error':
      out(stream('provider-error-apply'));
      return process.exit(1);
    case 'leak':
      out(stream('leak-apply'));
      err(
        `2026/12/02 05:40:01 [DEBUG] provider: AWS_SECRET_ACCESS_KEY=${env.AWS_SECRET_ACCESS_KEY}`,
      );
      for (const line of googleKey().split('\n')) err(`[DEBUG] key: ${line}`);
      return process.exit(1);
    case 'lines': {
      const count = Number(env.FAKE_TOFU_LINES || 1000);
      const line = JSON.stringify({
        '@level': 'info',
        '@message': 'module.eks.aws_eks_cluster.this[0]: Still creating... [10s elapsed]',
        '@module': 'tofu.ui',
        '@timestamp': '2026-12-02T05:40:01.000000Z',
        hook: {
          resource: {
            addr: 'module.eks.aws_eks_cluster.this[0]',
            module: 'module.eks',
            resource: 'aws_eks_cluster.this[0]',
            implied_provider: 'aws',
            resource_type: 'aws_eks_cluster',
            resource_name: 'this',
            resource_key: 0,
          },
          action: 'create',
          elapsed_seconds: 10,
        },
        type: 'apply_progress',
      });
      const block = `${line}\n`.repeat(1000);
      let left = count;
      const write = () => {
        while (left > 0) {
          const n = Math.min(left, 1000);
          left -= n;
          if (!process.stdout.write(n === 1000 ? block : `${line}\n`.repeat(n)))
            return process.stdout.once('drain', write);
        }
      };
      return write();
    }
    case 'cancel':
    case 'cancel-stuck': {
      // The handler first: the interrupt may come as soon as the last line is out.
      process.on('SIGINT', () => {
        record({ signal: 'SIGINT', command });
        if (scenario === 'cancel-stuck') return;
        out(stream('cancel-interrupted'));
        process.exit(1);
      });
      process.on('SIGTERM', () => record({ signal: 'SIGTERM', command }));
      out(stream('cancel-apply'));
      // Waits for the interrupt (kept alive by the timer; no output until then).
      setInterval(() => undefined, 60_000);
      return;
    }
    default:
      return out(stream('apply-apply'));
  }
}

function output() {
  requireFlags('-json');
  const s = (value) => ({ sensitive: false, type: 'string', value });
  const outputs = {
    caCertificate: s(
      scenario === 'large-outputs'
        ? Buffer.alloc(4200, 'A').toString('base64')
        : 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K',
    ),
    clusterId: s('arn:aws:eks:eu-west-1:123456789012:cluster/demo'),
    clusterName: s('demo'),
    endpoint: s('https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com'),
    networkId: s('vpc-0a1b2c3d4e5f'),
    nodePool: s('default-2026120205'),
    region: s('eu-west-1'),
    subnetIds: s('subnet-0a1b2c3d,subnet-0b2c3d4e,subnet-0c3d4e5f,subnet-0d4e5f6a'),
    version: s('1.33'),
  };
  if (scenario === 'sensitive-output')
    outputs.kubeconfig = { sensitive: true, type: 'string', value: 'apiVersion: v1' };
  out(JSON.stringify(outputs, null, 2));
}

switch (command) {
  case 'init':
    init();
    break;
  case 'plan':
    plan();
    break;
  case 'apply':
    apply();
    break;
  case 'output':
    output();
    break;
  default:
    err(`fake tofu: unknown command ${command}`);
    process.exit(64);
}
