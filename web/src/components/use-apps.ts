import { useCallback, useEffect, useState } from 'react';
import { listApps, listCatalog, type App, type CatalogEntry } from '../api/apps';
import { toApiError, type ApiError } from '../api/problem';
import { useLiveEvent } from '../live/use-live-events';

/**
 * A cluster's app catalog and its installed apps; the apps fetched again whenever the event
 * stream says one changed state (`event: app`), and when the stream starts again.
 */
export function useApps(orgId: string, clusterId: string) {
  const [catalog, setCatalog] = useState<CatalogEntry[] | null>(null);
  const [apps, setApps] = useState<App[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    try {
      setApps(await listApps(orgId, clusterId));
      setError(null);
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, [orgId, clusterId]);

  useEffect(() => {
    listCatalog(orgId, clusterId).then(setCatalog, (caught: unknown) =>
      setError(toApiError(caught)),
    );
    void reload();
  }, [orgId, clusterId, reload]);
  useLiveEvent('app', (push) => {
    if (push.clusterId === clusterId) void reload();
  });
  useLiveEvent('hello', () => void reload());
  useLiveEvent('reset', () => void reload());

  return { catalog, apps, error, reload };
}
