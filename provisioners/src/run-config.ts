/**
 * The run's environment (docs/job-contract.md, docs/provisioners.md), validated: every problem is
 * collected, none of them quotes a credential. Pure: takes the environment as a plain object.
 */
import path from 'node:path';

export type Provider = 'aws' | 'azure' | 'gcp';
export type Action = 'apply' | 'destroy';

export type StateBackend =
  | { type: 's3'; bucket: string; region: string; key: string }
  | { type: 'azurerm'; storageAccount: string; container: string; key: string }
  | { type: 'gcs'; bucket: string; prefix: string };

export interface ClusterInputs {
  name: string;
  region: string;
  kubernetesVersion: string;
  vpcCidr: string;
  publicSubnetCidrs: string[];
  privateSubnetCidrs: string[];
  nodeInstanceType: string;
  nodeMinSize: number;
  nodeMaxSize: number;
}

export interface RunConfig {
  runId: string;
  clusterId: string;
  orgId: string;
  action: Action;
  provider: Provider;
  cluster: ClusterInputs;
  state: StateBackend;
  /** GCP only: the service account key's project_id. */
  gcpProjectId?: string;
  /** Credential values to mask in every forwarded line (never logged, never in a file). */
  secrets: string[];
  /** Where the image keeps its modules (`<dir>/<module>`), the provider mirror, the work dir. */
  modulesDir: string;
  providerMirror: string;
  workDir: string;
  tofuBinary: string;
  cancelGraceMs: number;
}

export type Env = Record<string, string | undefined>;

/** The module each provider's image carries. */
export const MODULE_OF: Record<Provider, string> = {
  aws: 'aws-eks',
  azure: 'azure-aks',
  gcp: 'gcp-gke',
};

/** The state backend a provider's runs use (the state connector is of the cluster's cloud). */
export const BACKEND_OF: Record<Provider, StateBackend['type']> = {
  aws: 's3',
  azure: 'azurerm',
  gcp: 'gcs',
};

/** Environment variables holding credentials: their values are masked wherever they appear. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'ARM_CLIENT_SECRET',
  'ARM_CLIENT_CERTIFICATE_PASSWORD',
  'ARM_OIDC_TOKEN',
  'GOOGLE_CREDENTIALS',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
] as const;

const REQUIRED_CREDENTIALS: Record<Provider, string[]> = {
  aws: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  azure: ['ARM_TENANT_ID', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_SUBSCRIPTION_ID'],
  gcp: ['GOOGLE_CREDENTIALS'],
};

export const DEFAULT_CANCEL_GRACE_SECONDS = 20;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLUSTER_NAME_RE = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const REGION_RE = /^[a-z][a-z0-9-]{1,40}$/;
const VERSION_RE = /^1\.\d{2}$/;
const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const INSTANCE_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BUCKET_RE = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const STORAGE_ACCOUNT_RE = /^[a-z0-9]{3,24}$/;
const CONTAINER_RE = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
const STATE_KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,1000}$/;
const GCP_PROJECT_RE = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export type ConfigResult = { ok: true; config: RunConfig } | { ok: false; problems: string[] };

function isCidr(text: string): boolean {
  const m = CIDR_RE.exec(text);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return false;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return address % 2 ** (32 - prefix) === 0;
}

export function parseRunConfig(env: Env): ConfigResult {
  const problems: string[] = [];
  const get = (name: string): string => (env[name] ?? '').trim();
  const required = (name: string, re?: RegExp, hint?: string): string => {
    const value = get(name);
    if (value === '') problems.push(`${name} is missing`);
    else if (re && !re.test(value)) problems.push(`${name} ${hint ?? 'is invalid'}`);
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const value = get(name);
    if (value === '') problems.push(`${name} is missing`);
    else if (!allowed.includes(value as T))
      problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  const cidrList = (name: string, min: number): string[] => {
    const list = get(name)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (list.length < min)
      problems.push(`${name} must hold at least ${min} CIDR block${min > 1 ? 's' : ''}`);
    else if (!list.every(isCidr))
      problems.push(`${name} must be comma-separated IPv4 CIDR blocks (host bits zero)`);
    return list;
  };
  const wholeNumber = (name: string, min: number, max: number): number => {
    const text = get(name);
    const value = Number(text);
    if (text === '') problems.push(`${name} is missing`);
    else if (!/^\d+$/.test(text) || value < min || value > max)
      problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return value;
  };

  const runId = required('STRATA_RUN_ID', UUID_RE, 'must be a UUID');
  const clusterId = required('STRATA_CLUSTER_ID', UUID_RE, 'must be a UUID');
  const orgId = required('STRATA_ORG_ID', UUID_RE, 'must be a UUID');
  const action = oneOf<Action>('STRATA_ACTION', ['apply', 'destroy']);
  const provider = oneOf<Provider>('STRATA_PROVIDER', ['aws', 'azure', 'gcp']);
  const knownProvider = provider in MODULE_OF;

  const publicSubnetCidrs = cidrList('CLUSTER_PUBLIC_SUBNET_CIDRS', 1);
  const privateMin = provider === 'aws' || provider === 'gcp' ? 2 : 1;
  const privateSubnetCidrs = cidrList('CLUSTER_PRIVATE_SUBNET_CIDRS', privateMin);
  const vpcCidr = required('CLUSTER_VPC_CIDR');
  const vpcPrefix = Number(vpcCidr.split('/')[1]);
  if (vpcCidr !== '' && (!isCidr(vpcCidr) || vpcPrefix < 16 || vpcPrefix > 24))
    problems.push('CLUSTER_VPC_CIDR must be an IPv4 CIDR block from /16 to /24');
  const cluster: ClusterInputs = {
    name: required(
      'CLUSTER_NAME',
      CLUSTER_NAME_RE,
      'must be a DNS label of at most 40 characters starting with a letter',
    ),
    region: required('CLUSTER_REGION', REGION_RE, 'is not a region name'),
    kubernetesVersion: required(
      'CLUSTER_KUBERNETES_VERSION',
      VERSION_RE,
      'must be a minor version such as 1.33',
    ),
    vpcCidr,
    publicSubnetCidrs,
    privateSubnetCidrs,
    nodeInstanceType: required(
      'CLUSTER_NODE_INSTANCE_TYPE',
      INSTANCE_TYPE_RE,
      'is not an instance type name',
    ),
    nodeMinSize: wholeNumber('CLUSTER_NODE_MIN_SIZE', 0, 100),
    nodeMaxSize: wholeNumber('CLUSTER_NODE_MAX_SIZE', 1, 100),
  };
  if (
    Number.isInteger(cluster.nodeMinSize) &&
    Number.isInteger(cluster.nodeMaxSize) &&
    cluster.nodeMaxSize < cluster.nodeMinSize
  )
    problems.push('CLUSTER_NODE_MAX_SIZE must be at least CLUSTER_NODE_MIN_SIZE');

  const state = parseStateBackend(env, knownProvider ? provider : undefined, problems);

  let gcpProjectId: string | undefined;
  const secrets: string[] = [];
  for (const name of CREDENTIAL_VARIABLES) {
    const value = env[name];
    if (value && value.trim() !== '') secrets.push(value);
  }
  // The secret parts of a service account key are masked on their own too (a provider may
  // print the private key alone), whatever the provider.
  const googleKey =
    get('GOOGLE_CREDENTIALS') !== '' ? parseGoogleKey(env.GOOGLE_CREDENTIALS ?? '') : undefined;
  if (googleKey !== undefined && typeof googleKey !== 'string') secrets.push(...googleKey.secrets);
  if (knownProvider) {
    for (const name of REQUIRED_CREDENTIALS[provider])
      if (get(name) === '') problems.push(`${name} is missing (the run's credentials Secret)`);
    if (provider === 'gcp' && googleKey !== undefined) {
      if (typeof googleKey === 'string') problems.push(googleKey);
      else gcpProjectId = googleKey.projectId;
    }
  }

  const graceText = get('STRATA_CANCEL_GRACE_SECONDS');
  const grace = graceText === '' ? DEFAULT_CANCEL_GRACE_SECONDS : Number(graceText);
  if (!Number.isFinite(grace) || grace <= 0 || grace > 3600)
    problems.push(
      'STRATA_CANCEL_GRACE_SECONDS must be a number of seconds, more than 0 and at most 3600',
    );

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      runId,
      clusterId,
      orgId,
      action,
      provider,
      cluster,
      state: state!,
      ...(gcpProjectId ? { gcpProjectId } : {}),
      secrets,
      modulesDir: get('STRATA_MODULES_DIR') || '/opt/strata/modules',
      providerMirror: get('STRATA_PROVIDER_MIRROR') || '/opt/strata/providers',
      workDir: get('STRATA_WORK_DIR') || path.join(get('TMPDIR') || '/tmp', 'strata'),
      tofuBinary: get('TOFU_BINARY') || 'tofu',
      cancelGraceMs: Math.round(grace * 1000),
    },
  };
}

function parseStateBackend(
  env: Env,
  provider: Provider | undefined,
  problems: string[],
): StateBackend | undefined {
  const get = (name: string): string => (env[name] ?? '').trim();
  const need = (name: string, re: RegExp, hint: string): string => {
    const value = get(name);
    if (value === '') problems.push(`${name} is missing (STATE_BACKEND=${get('STATE_BACKEND')})`);
    else if (!re.test(value)) problems.push(`${name} ${hint}`);
    return value;
  };
  const type = get('STATE_BACKEND');
  if (type === '') {
    problems.push('STATE_BACKEND is missing (a state connector of the cluster’s cloud)');
    return undefined;
  }
  if (type !== 's3' && type !== 'azurerm' && type !== 'gcs') {
    problems.push('STATE_BACKEND must be one of s3, azurerm, gcs');
    return undefined;
  }
  if (provider && BACKEND_OF[provider] !== type)
    problems.push(`STATE_BACKEND must be ${BACKEND_OF[provider]} for provider ${provider}`);
  const key = need('STATE_KEY', STATE_KEY_RE, 'is not an object key');
  if (STATE_KEY_RE.test(key) && (key.includes('..') || key.endsWith('/')))
    problems.push('STATE_KEY is not an object key');
  switch (type) {
    case 's3':
      return {
        type,
        bucket: need('STATE_S3_BUCKET', BUCKET_RE, 'is not a bucket name'),
        region: need('STATE_S3_REGION', REGION_RE, 'is not a region name'),
        key,
      };
    case 'azurerm':
      return {
        type,
        storageAccount: need(
          'STATE_AZURE_STORAGE_ACCOUNT',
          STORAGE_ACCOUNT_RE,
          'is not a storage account name',
        ),
        container: need('STATE_AZURE_CONTAINER', CONTAINER_RE, 'is not a container name'),
        key,
      };
    case 'gcs': {
      // One state per cluster: the key's directory is the prefix (<prefix>/default.tfstate).
      const prefix = path.posix.dirname(key);
      if (key !== '' && (prefix === '.' || prefix === '/'))
        problems.push('STATE_KEY must have a directory for gcs (its dirname is the prefix)');
      return { type, bucket: need('STATE_GCS_BUCKET', BUCKET_RE, 'is not a bucket name'), prefix };
    }
  }
}

/** The project and the secret parts of a service account key; a string says what is wrong. */
export function parseGoogleKey(text: string): { projectId: string; secrets: string[] } | string {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    return 'GOOGLE_CREDENTIALS is not JSON (a service account key)';
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key))
    return 'GOOGLE_CREDENTIALS is not a service account key object';
  const record = key as Record<string, unknown>;
  const projectId = typeof record.project_id === 'string' ? record.project_id : '';
  if (!GCP_PROJECT_RE.test(projectId))
    return 'GOOGLE_CREDENTIALS has no valid project_id (the project the cluster goes to)';
  const secrets = ['private_key', 'private_key_id', 'client_secret', 'refresh_token']
    .map((field) => record[field])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  return { projectId, secrets };
}
