import type { AppState } from '../api/apps';

const TONES: Record<AppState, string> & Record<string, string | undefined> = {
  RUNNING: 'ok',
  FAILED: 'bad',
  UNINSTALLED: 'plain',
  INSTALLING: 'busy',
  UPGRADING: 'busy',
  UNINSTALLING: 'busy',
};

/** An app's state as a coloured label. */
export function AppStateBadge({ state }: { state: string }) {
  const tone = TONES[state] ?? 'plain';
  return (
    <span className={`badge badge--state badge--${tone}`} data-state={state}>
      {state}
    </span>
  );
}
