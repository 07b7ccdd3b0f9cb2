import { useQueries, useQuery } from '@tanstack/react-query';
import { listApps, type App } from '../api/apps';
import { listCloudAccountViews } from '../api/cloud-accounts';
import { listNotifications } from '../api/notifications';
import { listStorageConnectors } from '../api/storage-connectors';
import { keys } from '../app/query-keys';
import { useClusters } from './use-clusters';

/**
 * What the dashboard shows, from the same cached queries the pages use (the stream keeps them
 * fresh): clusters, each READY cluster's apps, cloud accounts, state connectors, and the unread
 * notifications.
 */
export function useDashboard(orgId: string) {
  const { clusters, error } = useClusters(orgId);
  const accounts = useQuery({
    queryKey: keys.cloudAccounts(orgId),
    queryFn: () => listCloudAccountViews(orgId),
  });
  const connectors = useQuery({
    queryKey: keys.storageConnectors(orgId),
    queryFn: () => listStorageConnectors(orgId),
  });
  const unread = useQuery({
    queryKey: [...keys.notifications, 'unread'],
    queryFn: () => listNotifications({ unread: true }),
  });
  const ready = (clusters ?? []).filter((c) => c.state === 'READY');
  const appQueries = useQueries({
    queries: ready.map((c) => ({
      queryKey: keys.apps(orgId, c.id),
      queryFn: () => listApps(orgId, c.id),
    })),
  });
  const apps: (App & { clusterName: string })[] = appQueries.flatMap((q, i) =>
    (q.data ?? []).map((a) => ({ ...a, clusterName: ready[i]?.name ?? '' })),
  );
  return {
    clusters,
    error,
    accounts: accounts.data ?? null,
    connectors: connectors.data ?? null,
    unread: unread.data?.items ?? null,
    apps: appQueries.some((q) => q.isPending) ? null : apps,
  };
}
