import type { CreateClusterInput, Provider } from '../api/clusters';
import type { ApiError } from '../api/problem';

/** The create form's values, as typed; empty means the documented default. */
export interface ClusterFormValues {
  provider: Provider;
  cloudAccountId: string;
  namePrefix: string;
  nameSuffix: string;
  region: string;
  stateConnectorId: string;
  vpcCidr: string;
  publicSubnetCidrs: string;
  privateSubnetCidrs: string;
  kubernetesVersion: string;
  instanceType: string;
  minSize: string;
  maxSize: string;
  sandboxFailAt: string;
}

export const PROVIDER_LABELS: Record<Provider, string> = {
  sandbox: 'Sandbox (simulated, no cloud)',
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
};

/** The defaults of docs/api.md#clusters, shown in the form. */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
export const KUBERNETES_VERSIONS = ['1.33', '1.32', '1.31'] as const;
export const DEFAULT_INSTANCE_TYPES: Record<Provider, string> = {
  aws: 't3.large',
  azure: 'Standard_D4s_v5',
  gcp: 'e2-standard-4',
  sandbox: 'sandbox.small',
};
/** The fields of the create form's collapsed "Advanced" section (clusterFieldErrors' names). */
export const ADVANCED_FIELDS: ReadonlySet<string> = new Set([
  'vpcCidr',
  'publicSubnetCidrs',
  'privateSubnetCidrs',
  'instanceType',
  'sandboxFailAt',
]);
export const SANDBOX_REGIONS = ['sandbox-1', 'sandbox-2'];
export const SANDBOX_STEPS = ['network', 'control-plane', 'node-pool', 'addons'];

export const initialClusterForm = (): ClusterFormValues => ({
  provider: 'sandbox',
  cloudAccountId: '',
  namePrefix: '',
  nameSuffix: '',
  region: SANDBOX_REGIONS[0],
  stateConnectorId: '',
  vpcCidr: DEFAULT_VPC_CIDR,
  publicSubnetCidrs: '',
  privateSubnetCidrs: '',
  kubernetesVersion: KUBERNETES_VERSIONS[0],
  instanceType: '',
  minSize: '1',
  maxSize: '3',
  sandboxFailAt: '',
});

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const whole = (text: string): number | undefined => {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
};

/** The POST body: what is left empty is left out, so the server applies its default. */
export function toCreateInput(v: ClusterFormValues): CreateClusterInput {
  const sandbox = v.provider === 'sandbox';
  const input: CreateClusterInput = {
    provider: v.provider,
    namePrefix: v.namePrefix.trim(),
    region: v.region.trim(),
  };
  if (!sandbox && v.cloudAccountId) input.cloudAccountId = v.cloudAccountId;
  if (v.nameSuffix.trim()) input.nameSuffix = v.nameSuffix.trim();
  if (v.stateConnectorId.trim()) input.stateConnectorId = v.stateConnectorId.trim();
  if (v.vpcCidr.trim()) input.vpcCidr = v.vpcCidr.trim();
  if (list(v.publicSubnetCidrs).length) input.publicSubnetCidrs = list(v.publicSubnetCidrs);
  if (list(v.privateSubnetCidrs).length) input.privateSubnetCidrs = list(v.privateSubnetCidrs);
  if (v.kubernetesVersion) input.kubernetesVersion = v.kubernetesVersion;
  const nodePool = {
    instanceType: v.instanceType.trim() || undefined,
    minSize: whole(v.minSize),
    maxSize: whole(v.maxSize),
  };
  if (Object.values(nodePool).some((x) => x !== undefined)) input.nodePool = nodePool;
  if (sandbox && v.sandboxFailAt) input.sandboxFailAt = v.sandboxFailAt;
  return input;
}

/** The API's field names inside a message, as the form's labels call them. */
const FORM_NAMES: [RegExp, (...groups: string[]) => string][] = [
  [/\b(public|private)SubnetCidrs[.[](\d+)\]?/g, (kind, i) => `${kind} subnet ${Number(i) + 1}`],
  [/\b(?:nodePool\.)?minSize\b/g, () => 'the minimum nodes'],
  [/\b(?:nodePool\.)?maxSize\b/g, () => 'the maximum nodes'],
  [/\bvpcCidr\b/g, () => 'the VPC CIDR'],
  [/\bstateConnectorId\b/g, () => 'the state connector'],
  [/\bcloudAccountId\b/g, () => 'the cloud account'],
];

/** A message of the API in the form's words: `must not be greater than maxSize` → `… the maximum nodes`. */
export function inFormWords(message: string): string {
  return FORM_NAMES.reduce(
    (text, [pattern, name]) => text.replace(pattern, (_m, ...groups: string[]) => name(...groups)),
    message,
  );
}

const sentence = (message: string) => {
  const text = inFormWords(message);
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
};

/**
 * The 422's field errors by form field: `publicSubnetCidrs.1` goes to the public subnets
 * ("Subnet 2: …"), `nodePool.minSize` to the minimum size; several messages are joined.
 */
export function clusterFieldErrors(error: ApiError | null): Record<string, string> {
  const byField: Record<string, string[]> = {};
  for (const { field, message } of error?.problem.errors ?? []) {
    const subnet = /^(publicSubnetCidrs|privateSubnetCidrs)[.[](\d+)\]?$/.exec(field);
    const key = subnet ? subnet[1] : field.replace(/^nodePool\./, '');
    const text = subnet
      ? `Subnet ${Number(subnet[2]) + 1}: ${inFormWords(message)}.`
      : sentence(message);
    (byField[key] ??= []).push(text);
  }
  return Object.fromEntries(Object.entries(byField).map(([k, v]) => [k, v.join(' ')]));
}

/** The next supported minor after `version` (upgrades go one minor at a time), if any. */
export function nextVersion(version: string): string | undefined {
  const minor = Number(version.split('.')[1]);
  return (KUBERNETES_VERSIONS as readonly string[]).find((v) => v === `1.${minor + 1}`);
}
