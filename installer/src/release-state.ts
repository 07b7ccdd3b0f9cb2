/**
 * A release's state as Helm reports it (`helm status -o json`, `helm history -o json`), and what
 * to do about one left pending by an interrupted run. Helm refuses to upgrade a release whose
 * latest revision is pending-install, pending-upgrade or pending-rollback ("another operation
 * (install/upgrade/rollback) is in progress"); its documented ways out are `helm rollback` to a
 * good revision, or `helm uninstall` when there is none.
 */

export interface ReleaseStatus {
  status: string;
  revision: number;
  chartVersion?: string;
  appVersion?: string;
}

export interface Revision {
  revision: number;
  status: string;
}

/** Parses `helm status -o json` (the release object; its `config` holds the values: never logged). */
export function parseStatus(json: string): ReleaseStatus | null {
  try {
    const release = JSON.parse(json) as {
      version?: number;
      info?: { status?: string };
      chart?: { metadata?: { version?: string; appVersion?: string } };
    };
    if (typeof release.info?.status !== 'string') return null;
    return {
      status: release.info.status,
      revision: Number(release.version ?? 0),
      ...(release.chart?.metadata?.version ? { chartVersion: release.chart.metadata.version } : {}),
      ...(release.chart?.metadata?.appVersion
        ? { appVersion: release.chart.metadata.appVersion }
        : {}),
    };
  } catch {
    return null;
  }
}

/** Parses `helm history -o json` (an array of {revision, status, chart, app_version, ...}). */
export function parseHistory(json: string): Revision[] {
  try {
    const items = JSON.parse(json) as unknown;
    if (!Array.isArray(items)) return [];
    return items
      .filter(
        (i): i is { revision: number; status: string } =>
          typeof i?.revision === 'number' && typeof i?.status === 'string',
      )
      .map((i) => ({ revision: i.revision, status: i.status }))
      .sort((a, b) => a.revision - b.revision);
  } catch {
    return [];
  }
}

export type Recovery =
  | { kind: 'none' }
  | { kind: 'uninstall'; reason: string }
  | { kind: 'rollback'; revision: number; reason: string };

/** Helm's "not found" for status, history and uninstall. */
export function isNotFound(stderr: string): boolean {
  return /release: not found/i.test(stderr);
}

/**
 * What an interrupted run left: pending-install (nothing ever deployed) -> uninstall, then
 * install afresh; pending-upgrade / pending-rollback -> roll back to the last deployed revision
 * (or the newest superseded one), then upgrade; no good revision at all -> uninstall.
 */
export function planRecovery(history: Revision[]): Recovery {
  const latest = history.at(-1);
  if (!latest || !latest.status.startsWith('pending-')) return { kind: 'none' };
  const reason = `revision ${latest.revision} is ${latest.status} (an interrupted run)`;
  if (latest.status === 'pending-install') return { kind: 'uninstall', reason };
  const earlier = history.slice(0, -1).reverse();
  const good =
    earlier.find((r) => r.status === 'deployed') ?? earlier.find((r) => r.status === 'superseded');
  return good
    ? { kind: 'rollback', revision: good.revision, reason }
    : { kind: 'uninstall', reason };
}
