/** Every query key in one place, so the live cache and the pages agree on them. */
export const keys = {
  me: ['me'] as const,
  organizations: ['organizations'] as const,
  clusters: (orgId: string) => ['clusters', orgId] as const,
  cluster: (orgId: string, clusterId: string) => ['cluster', orgId, clusterId] as const,
  runs: (orgId: string, clusterId: string) => ['runs', orgId, clusterId] as const,
  apps: (orgId: string, clusterId: string) => ['apps', orgId, clusterId] as const,
  cloudAccounts: (orgId: string) => ['cloud-accounts', orgId] as const,
  storageConnectors: (orgId: string) => ['storage-connectors', orgId] as const,
  notifications: ['notifications'] as const,
  preferences: ['notification-preferences'] as const,
};
