import { useState } from 'react';
import type { Progress } from '../api/clusters';
import { useFollowCluster, useLiveEvent } from '../live/use-live-events';

/** One run's log as far as it arrived, and its last progress line. */
export interface LiveRunLog {
  /** The byte offset the next chunk starts at. */
  next: number;
  text: string;
  progress: Progress | null;
}

const PROGRESS = /^::strata-progress step=([A-Za-z0-9_.-]{1,64}) percent=(\d{1,3})\s*$/gm;
const bytes = new TextEncoder();

function lastProgress(text: string): Progress | null {
  let found: Progress | null = null;
  for (const m of text.matchAll(PROGRESS)) found = { step: m[1], percent: Number(m[2]) };
  return found;
}

/**
 * The run logs of a cluster as the event stream brings them (`?cluster=<id>`): the newest run
 * from its first byte, then every new run, each chunk once (a replay after a reconnect is
 * skipped by its byte offset).
 */
export function useLiveRunLogs(clusterId: string): Record<string, LiveRunLog> {
  const [logs, setLogs] = useState<Record<string, LiveRunLog>>({});
  useFollowCluster(clusterId);
  useLiveEvent('log', (chunk) =>
    setLogs((all) => {
      const run = all[chunk.runId] ?? { next: 0, text: '', progress: null };
      if (chunk.offset < run.next) return all;
      // The unfinished last line of what came before: a progress line split between chunks.
      const tail = run.text.slice(run.text.lastIndexOf('\n') + 1);
      return {
        ...all,
        [chunk.runId]: {
          next: chunk.offset + bytes.encode(chunk.text).length,
          text: run.text + chunk.text,
          progress: lastProgress(tail + chunk.text) ?? run.progress,
        },
      };
    }),
  );
  return logs;
}
