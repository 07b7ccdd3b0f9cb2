import { useQueryClient, type QueryClient } from '@tanstack/react-query';
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
      void client.invalidateQueries({ queryKey: keys.clusters(push.orgId) });
      void client.invalidateQueries({ queryKey: keys.cluster(push.orgId, push.clusterId) });
      void client.invalidateQueries({ queryKey: keys.runs(push.orgId, push.clusterId) });
    }),
    events.on('app', (push) => {
      void client.invalidateQueries({ queryKey: keys.apps(push.orgId, push.clusterId) });
    }),
    events.on('notification', () => {
      void client.invalidateQueries({ queryKey: keys.notifications });
    }),
    events.on('hello', () => refetchLive(client)),
    events.on('reset', () => refetchLive(client)),
  ];
  return () => offs.forEach((off) => off());
}

function refetchLive(client: QueryClient): void {
  void client.invalidateQueries({
    predicate: (query) => LIVE_ROOTS.includes(String(query.queryKey[0])),
  });
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
