const TONES: Record<string, string> = {
  READY: 'ok',
  SUCCEEDED: 'ok',
  FAILED: 'bad',
  CANCELLED: 'plain',
  DELETED: 'plain',
  PENDING: 'busy',
  PROVISIONING: 'busy',
  RUNNING: 'busy',
  DELETING: 'busy',
};

/** A cluster's or a run's state as a coloured label. */
export function ClusterStateBadge({ state }: { state: string }) {
  return (
    <span className={`badge badge--state badge--${TONES[state] ?? 'plain'}`} data-state={state}>
      {state}
    </span>
  );
}
