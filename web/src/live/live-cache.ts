import {
  useQueryClient,
  type InvalidateQueryFilters,
  type Query,
  type QueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { isClusterState, type Cluster } from '../api/clusters';
import { keys } from '../app/query-keys';
import { liveEvents, type LiveEvents } from './live-events';

/** The queries whose answers the stream's events say are out of date. */
const LIVE_ROOTS = ['clusters', 'cluster', 'runs', 'apps', 'notifications'];

/**
 * Keeps the query cache in step with the event stream: a cluster's new state is written into the
 * cached list and the cached cluster at once, then they (and its runs) are fetched again; an
 * app's change refetches that cluster's apps; a notification refetches the notification lists;
 * a (re)started stream or a reset refetches every live query, for what it may have missed.
 * Returns the detach.
 */
export function attachLiveCache(
  client: QueryClient,
  events: Pick<LiveEvents, 'on'> = liveEvents,
): () => void {
  const offs = [
    events.on('cluster', (push) => {
      const state = push.to;
      if (isClusterState(state)) {
        client.setQueryData<Cluster[]>(keys.clusters(push.orgId), (list) =>
          list?.map((c) => (c.id === push.clusterId ? { ...c, state } : c)),
        );
        client.setQueryData<Cluster>(keys.cluster(push.orgId, push.clusterId), (c) =>
          c ? { ...c, state } : c,
        );
      }
      refresh(client, { queryKey: keys.clusters(push.orgId) });
      refresh(client, { queryKey: keys.cluster(push.orgId, push.clusterId) });
      refresh(client, { queryKey: keys.runs(push.orgId, push.clusterId) });
    }),
    events.on('app', (push) => {
      refresh(client, { queryKey: keys.apps(push.orgId, push.clusterId) });
    }),
    events.on('notification', () => {
      refresh(client, { queryKey: keys.notifications });
    }),
    events.on('hello', () => refetchLive(client)),
    events.on('reset', () => refetchLive(client)),
  ];
  return () => offs.forEach((off) => off());
}

function refetchLive(client: QueryClient): void {
  refresh(client, { predicate: (query) => LIVE_ROOTS.includes(String(query.queryKey[0])) });
}

/**
 * Marks the queries out of date and fetches the active ones again. A first fetch still on its
 * way (no answer yet) may have been answered before the event: React Query would hand the
 * refetch that same fetch (it cancels an in-flight fetch only for a query that has data), so
 * such a fetch is cancelled and started over, or a page loading while a notification arrives
 * would show the list without it until the next event.
 */
export function refresh(client: QueryClient, filters: InvalidateQueryFilters): void {
  const firstFetch = (query: Query) =>
    query.state.data === undefined &&
    query.state.fetchStatus === 'fetching' &&
    (filters.predicate?.(query) ?? true);
  const stale = client.getQueryCache().findAll({ ...filters, predicate: firstFetch });
  if (stale.length === 0) {
    void client.invalidateQueries(filters);
    return;
  }
  void Promise.all(stale.map((query) => query.cancel({ silent: true, revert: true }))).then(() =>
    client.invalidateQueries(filters),
  );
}

/** Holds the stream open and attaches it to the query cache while mounted (the shell). */
export function useLiveCache(): void {
  const client = useQueryClient();
  useEffect(() => {
    const release = liveEvents.retain();
    const detach = attachLiveCache(client);
    return () => {
      detach();
      release();
    };
  }, [client]);
}
