import type { AppState } from '../api/apps';

const TONES: Record<AppState, string> = {
  RUNNING: 'ok',
  FAILED: 'bad',
  UNINSTALLED: 'plain',
  INSTALLING: 'busy',
  UPGRADING: 'busy',
  UNINSTALLING: 'busy',
};

/** An app's state as a coloured label. */
export function AppStateBadge({ state }: { state: AppState }) {
  return (
    <span className={`badge badge--state badge--${TONES[state] ?? 'plain'}`} data-state={state}>
      {state}
    </span>
  );
}
