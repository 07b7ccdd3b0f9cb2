import { useEffect, useRef, useSyncExternalStore } from 'react';
import { liveEvents, type LiveEventMap, type LiveEventType } from './live-events';

/** Calls `handler` for each event of this type while the component is mounted. */
export function useLiveEvent<K extends LiveEventType>(
  type: K,
  handler: (data: LiveEventMap[K]) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const release = liveEvents.retain();
    const off = liveEvents.on(type, (data) => latest.current(data));
    return () => {
      off();
      release();
    };
  }, [type]);
}

/** The live unread count (null until the stream or the API has told it). */
export function useUnreadCount(): number | null {
  useEffect(() => liveEvents.retain(), []);
  return useSyncExternalStore(liveEvents.subscribeUnread, liveEvents.getUnread);
}

/** Tells the stream which organization the page shows (its `cluster` events are that one's). */
export function useLiveOrganization(orgId: string | undefined): void {
  useEffect(() => {
    if (orgId) liveEvents.setOrganization(orgId);
  }, [orgId]);
}

/** Adds the cluster's run log lines (`log` events) to the stream while mounted. */
export function useFollowCluster(clusterId: string): void {
  useEffect(() => liveEvents.followCluster(clusterId), [clusterId]);
}
