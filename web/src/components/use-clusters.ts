import { useQuery } from '@tanstack/react-query';
import { listClusters, type Cluster } from '../api/clusters';
import { toApiError } from '../api/problem';
import { keys } from '../app/query-keys';

const BUSY = new Set(['PENDING', 'PROVISIONING', 'DELETING']);

export const isBusy = (c: Cluster) => BUSY.has(c.state);

/**
 * The organization's clusters from the query cache. State changes arrive on the stream
 * (live/live-cache.ts); a run's progress is not pushed for lists, so while a cluster is busy the
 * list is fetched again every few seconds.
 */
export function useClusters(orgId: string) {
  const query = useQuery({
    queryKey: keys.clusters(orgId),
    queryFn: () => listClusters(orgId),
    refetchInterval: (q) => (q.state.data?.some(isBusy) ? 3000 : false),
  });
  return {
    clusters: query.data ?? null,
    error: query.error ? toApiError(query.error) : null,
  };
}
