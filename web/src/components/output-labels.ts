/**
 * What a run's outputs are called on the page: the provisioners' keys (docs/job-contract.md)
 * in words, and their values as text a person reads (lists joined, objects as `key: value`).
 */
const LABELS: Record<string, string> = {
  endpoint: 'API endpoint',
  caCertificate: 'CA certificate',
  clusterId: 'Cluster ID',
  clusterName: 'Cluster name',
  version: 'Kubernetes version',
  region: 'Region',
  nodePool: 'Node pool',
  nodeCount: 'Nodes',
  networkId: 'Network ID',
  subnetIds: 'Subnet IDs',
};

/** The label of an output key; an unknown key is split at its capitals (`podCidr` → `Pod cidr`). */
export function outputLabel(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An output's value as text: strings as they are, lists joined, objects as `key: value`. */
export function outputText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(outputText).join(', ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${outputLabel(k)}: ${outputText(v)}`)
      .join(', ');
  return String(value);
}
