import { useCallback, useEffect, useState } from 'react';
import { getCluster, listRuns, type Cluster, type Run } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';
import { useLiveEvent } from '../live/use-live-events';

/**
 * A cluster and its run history, fetched again whenever the event stream says it changed state
 * (and when the stream starts again, for what it may have missed).
 */
export function useCluster(orgId: string, clusterId: string) {
  const [cluster, setCluster] = useState<Cluster | null>(null);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    try {
      const [c, r] = await Promise.all([getCluster(orgId, clusterId), listRuns(orgId, clusterId)]);
      setCluster(c);
      setRuns(r);
      setError(null);
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, [orgId, clusterId]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useLiveEvent('cluster', (push) => {
    if (push.clusterId === clusterId) void reload();
  });
  useLiveEvent('hello', () => void reload());
  useLiveEvent('reset', () => void reload());

  return { cluster, runs, error, reload };
}
