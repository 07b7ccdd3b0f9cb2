import { useEffect, useState } from 'react';
import { getRunLog } from '../api/clusters';
import { toApiError, type ApiError } from '../api/problem';

/** A finished run's stored log, read page by page with ?after= until complete. */
export function useStoredRunLog(orgId: string, clusterId: string, runId: string | null) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!runId) return;
    let live = true;
    setText(null);
    setError(null);
    void (async () => {
      let after = 0;
      let all = '';
      try {
        for (;;) {
          const page = await getRunLog(orgId, clusterId, runId, after);
          all += page.chunks.map((c) => c.text).join('');
          if (page.complete || page.chunks.length === 0 || page.nextOffset <= after) break;
          after = page.nextOffset;
        }
        if (live) setText(all);
      } catch (caught) {
        if (live) setError(toApiError(caught));
      }
    })();
    return () => {
      live = false;
    };
  }, [orgId, clusterId, runId]);

  return { text, error };
}
