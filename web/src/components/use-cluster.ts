import { useQuery } from '@tanstack/react-query';
import { getCluster, listRuns } from '../api/clusters';
import { toApiError } from '../api/problem';
import { keys } from '../app/query-keys';

/**
 * A cluster and its run history from the query cache, which the event stream keeps fresh
 * (live/live-cache.ts): fetched again whenever it says the cluster changed state.
 */
export function useCluster(orgId: string, clusterId: string) {
  const cluster = useQuery({
    queryKey: keys.cluster(orgId, clusterId),
    queryFn: () => getCluster(orgId, clusterId),
  });
  const runs = useQuery({
    queryKey: keys.runs(orgId, clusterId),
    queryFn: () => listRuns(orgId, clusterId),
  });
  const failed = cluster.error ?? runs.error;
  const reload = async () => {
    await Promise.all([cluster.refetch(), runs.refetch()]);
  };
  return {
    cluster: cluster.data ?? null,
    runs: runs.data ?? null,
    error: failed ? toApiError(failed) : null,
    reload,
  };
}
