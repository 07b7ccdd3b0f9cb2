import { useQuery } from '@tanstack/react-query';
import { listApps, listCatalog } from '../api/apps';
import { toApiError } from '../api/problem';
import { keys } from '../app/query-keys';

/**
 * A cluster's app catalog and its installed apps from the query cache; the event stream
 * (`event: app`) refetches the apps (live/live-cache.ts).
 */
export function useApps(orgId: string, clusterId: string) {
  const catalog = useQuery({
    queryKey: ['catalog', orgId, clusterId],
    queryFn: () => listCatalog(orgId, clusterId),
    staleTime: Infinity,
  });
  const apps = useQuery({
    queryKey: keys.apps(orgId, clusterId),
    queryFn: () => listApps(orgId, clusterId),
  });
  const failed = catalog.error ?? apps.error;
  const reload = async () => {
    await apps.refetch();
  };
  return {
    catalog: catalog.data ?? null,
    apps: apps.data ?? null,
    error: failed ? toApiError(failed) : null,
    reload,
  };
}
