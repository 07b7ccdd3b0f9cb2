import type { FieldError } from '@strata/errors';
import { contains, formatCidr, overlaps, parseCidr, subnet, type Cidr } from './cidr';

/**
 * Validation and defaults of a cluster request (pure). Every field but the cloud account, the
 * name and the region has a default (documented in docs/api.md#clusters); every problem is
 * reported against its field, all at once.
 */

export const PROVIDERS = ['aws', 'azure', 'gcp', 'sandbox'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const REGIONS: Record<Provider, readonly string[]> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ca-central-1',
    'sa-east-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'eu-north-1',
    'ap-south-1',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-northeast-1',
  ],
  azure: [
    'eastus',
    'eastus2',
    'centralus',
    'westus2',
    'westus3',
    'northeurope',
    'westeurope',
    'uksouth',
    'southeastasia',
    'australiaeast',
  ],
  gcp: [
    'us-central1',
    'us-east1',
    'us-west1',
    'europe-west1',
    'europe-west2',
    'europe-west3',
    'europe-west4',
    'asia-southeast1',
    'asia-northeast1',
    'australia-southeast1',
  ],
  sandbox: ['sandbox-1', 'sandbox-2'],
};

/** Kubernetes minor versions the images support; the first is the default. */
export const KUBERNETES_VERSIONS = ['1.33', '1.32', '1.31'] as const;

export const DEFAULT_INSTANCE_TYPES: Record<Provider, string> = {
  aws: 't3.large',
  azure: 'Standard_D4s_v5',
  gcp: 'e2-standard-4',
  sandbox: 'sandbox.small',
};

export const DEFAULTS = {
  provider: 'aws' as Provider,
  vpcCidr: '10.0.0.0/16',
  nodePool: { minSize: 1, maxSize: 3 },
  maxNodes: 100,
};

export interface ClusterRequestInput {
  provider?: string;
  cloudAccountId?: string;
  namePrefix?: string;
  nameSuffix?: string;
  region?: string;
  stateConnectorId?: string;
  vpcCidr?: string;
  publicSubnetCidrs?: readonly string[];
  privateSubnetCidrs?: readonly string[];
  kubernetesVersion?: string;
  nodePool?: { instanceType?: string; minSize?: number; maxSize?: number };
  sandboxFailAt?: string;
}

export interface ClusterSpec {
  provider: Provider;
  cloudAccountId: string | null;
  name: string;
  region: string;
  stateConnectorId: string | null;
  vpcCidr: string;
  publicSubnetCidrs: string[];
  privateSubnetCidrs: string[];
  kubernetesVersion: string;
  nodePool: { instanceType: string; minSize: number; maxSize: number };
  sandboxFailAt: string | null;
}

export type ValidationResult =
  { ok: true; spec: ClusterSpec } | { ok: false; errors: FieldError[] };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const INSTANCE_TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const STEP_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/** The cluster name: `<prefix>-<suffix>`, or the prefix alone without a suffix. */
export const clusterName = (prefix: string, suffix: string) =>
  suffix === '' ? prefix : `${prefix}-${suffix}`;

/**
 * The default subnets of a VPC: its first quarter split in two public halves, its third and
 * fourth quarters private (10.0.0.0/16 -> public 10.0.0.0/19, 10.0.32.0/19; private
 * 10.0.128.0/18, 10.0.192.0/18).
 */
export function defaultSubnets(vpc: Cidr): { public: string[]; private: string[] } {
  return {
    public: [subnet(vpc, vpc.prefix + 3, 0), subnet(vpc, vpc.prefix + 3, 1)].map(formatCidr),
    private: [subnet(vpc, vpc.prefix + 2, 2), subnet(vpc, vpc.prefix + 2, 3)].map(formatCidr),
  };
}

export function validateClusterRequest(input: ClusterRequestInput): ValidationResult {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const provider = (input.provider?.trim() || DEFAULTS.provider) as Provider;
  if (!PROVIDERS.includes(provider)) fail('provider', `must be one of ${PROVIDERS.join(', ')}`);
  const known = PROVIDERS.includes(provider);

  const cloudAccountId = input.cloudAccountId?.trim() ?? '';
  if (known && provider !== 'sandbox') {
    if (cloudAccountId === '') fail('cloudAccountId', 'is required');
    else if (!UUID_RE.test(cloudAccountId)) fail('cloudAccountId', 'must be a UUID');
  } else if (provider === 'sandbox' && cloudAccountId !== '') {
    fail('cloudAccountId', 'must be empty for the sandbox provider (it needs no cloud)');
  }

  const prefix = input.namePrefix?.trim() ?? '';
  const suffix = input.nameSuffix?.trim() ?? '';
  const name = clusterName(prefix, suffix);
  if (prefix === '') fail('namePrefix', 'is required');
  else if (!DNS_1123_LABEL.test(prefix) || prefix.endsWith('-'))
    fail(
      'namePrefix',
      'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
    );
  else if (suffix !== '' && !DNS_1123_LABEL.test(suffix))
    fail(
      'nameSuffix',
      'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit',
    );
  else if (name.length > 40)
    fail('namePrefix', 'the name (prefix-suffix) must be at most 40 characters');
  else if (!/^[a-z]/.test(name)) fail('namePrefix', 'must start with a letter');

  const region = input.region?.trim() ?? '';
  if (region === '') fail('region', 'is required');
  else if (known && !REGIONS[provider].includes(region))
    fail('region', `must be one of ${REGIONS[provider].join(', ')} for ${provider}`);

  const stateConnectorId = input.stateConnectorId?.trim() ?? '';
  if (known && provider !== 'sandbox' && stateConnectorId === '')
    fail(
      'stateConnectorId',
      `is required for ${provider} clusters (the storage connector that keeps the OpenTofu state)`,
    );
  else if (provider === 'sandbox' && stateConnectorId !== '')
    fail('stateConnectorId', 'must be empty for the sandbox provider (it keeps no state)');
  else if (stateConnectorId !== '' && !UUID_RE.test(stateConnectorId))
    fail('stateConnectorId', 'must be a UUID');

  const vpcText = input.vpcCidr?.trim() || DEFAULTS.vpcCidr;
  const vpc = parseCidr(vpcText);
  let publicSubnets = [...(input.publicSubnetCidrs ?? [])].map((s) => s.trim());
  let privateSubnets = [...(input.privateSubnetCidrs ?? [])].map((s) => s.trim());
  if (!vpc) fail('vpcCidr', 'must be an IPv4 CIDR block like 10.0.0.0/16 (host bits zero)');
  else if (vpc.prefix < 16 || vpc.prefix > 24)
    fail('vpcCidr', 'must have a prefix length between /16 and /24');
  else {
    const defaults = defaultSubnets(vpc);
    if (input.publicSubnetCidrs === undefined || input.publicSubnetCidrs.length === 0)
      publicSubnets = defaults.public;
    if (input.privateSubnetCidrs === undefined || input.privateSubnetCidrs.length === 0)
      privateSubnets = defaults.private;
    const all: Array<{ field: string; cidr: Cidr }> = [];
    const check = (list: string[], key: string) =>
      list.forEach((text, i) => {
        const field = `${key}.${i}`;
        const cidr = parseCidr(text);
        if (!cidr) return fail(field, 'must be an IPv4 CIDR block (host bits zero)');
        if (cidr.prefix > 28) return fail(field, 'must be /28 or larger');
        if (!contains(vpc, cidr)) return fail(field, `must be inside the VPC ${vpcText}`);
        const clash = all.find((other) => overlaps(other.cidr, cidr));
        if (clash) return fail(field, `overlaps ${clash.field} (${formatCidr(clash.cidr)})`);
        all.push({ field, cidr });
      });
    check(publicSubnets, 'publicSubnetCidrs');
    check(privateSubnets, 'privateSubnetCidrs');
  }

  const kubernetesVersion = input.kubernetesVersion?.trim() || KUBERNETES_VERSIONS[0];
  if (!(KUBERNETES_VERSIONS as readonly string[]).includes(kubernetesVersion))
    fail('kubernetesVersion', `must be one of ${KUBERNETES_VERSIONS.join(', ')}`);

  const instanceType =
    input.nodePool?.instanceType?.trim() || (known ? DEFAULT_INSTANCE_TYPES[provider] : '');
  const minSize = input.nodePool?.minSize ?? DEFAULTS.nodePool.minSize;
  const maxSize = input.nodePool?.maxSize ?? DEFAULTS.nodePool.maxSize;
  if (instanceType !== '' && !INSTANCE_TYPE_RE.test(instanceType))
    fail('nodePool.instanceType', 'must be an instance type name');
  if (!Number.isInteger(minSize) || minSize < 0 || minSize > DEFAULTS.maxNodes)
    fail('nodePool.minSize', `must be a whole number from 0 to ${DEFAULTS.maxNodes}`);
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > DEFAULTS.maxNodes)
    fail('nodePool.maxSize', `must be a whole number from 1 to ${DEFAULTS.maxNodes}`);
  else if (minSize > maxSize) fail('nodePool.minSize', 'must not be greater than maxSize');

  const sandboxFailAt = input.sandboxFailAt?.trim() ?? '';
  if (sandboxFailAt !== '') {
    if (provider !== 'sandbox') fail('sandboxFailAt', 'is only for the sandbox provider');
    else if (!STEP_RE.test(sandboxFailAt)) fail('sandboxFailAt', 'must be a step name');
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    spec: {
      provider,
      cloudAccountId: cloudAccountId || null,
      name,
      region,
      stateConnectorId: stateConnectorId || null,
      vpcCidr: vpcText,
      publicSubnetCidrs: publicSubnets,
      privateSubnetCidrs: privateSubnets,
      kubernetesVersion,
      nodePool: { instanceType, minSize, maxSize },
      sandboxFailAt: sandboxFailAt || null,
    },
  };
}
