import { useState } from 'react';
import {
  changeApp,
  getAdminCredentials,
  retryApp,
  uninstallApp,
  type App,
  type CatalogEntry,
} from '../api/apps';
import { toApiError, type ApiError } from '../api/problem';
import { AppSettingsForm } from './AppSettingsForm';
import { AppStateBadge } from './AppStateBadge';
import { ConfirmButton } from './ConfirmButton';
import { ProblemMessage } from './ProblemMessage';
import { ProgressBar } from './ProgressBar';
import { RunLog } from './RunLog';
import type { LiveRunLog } from './use-live-run-logs';

interface Props {
  orgId: string;
  app: App;
  entry: CatalogEntry | undefined;
  /** The app's active run's log as the event stream brings it. */
  live: LiveRunLog | undefined;
  canManage: boolean;
  canReadCredentials: boolean;
  onChanged: () => void;
}

const BUSY = new Set(['INSTALLING', 'UPGRADING', 'UNINSTALLING']);

/**
 * An installed app, live: state, progress (from its run's progress lines as they arrive), the
 * link that opens it, the failure reason, and upgrade, retry, uninstall and admin credentials.
 */
export function AppItem({
  orgId,
  app,
  entry,
  live,
  canManage,
  canReadCredentials,
  onChanged,
}: Props) {
  const [upgrading, setUpgrading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [credentials, setCredentials] = useState<{ username: string; password: string } | null>(
    null,
  );
  const active = BUSY.has(app.state);
  const progress = active ? (live?.progress ?? app.progress) : app.progress;

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="app-item" data-testid="app-item" data-catalog-id={app.catalogId}>
      <div className="app-item__header">
        <h3>
          {app.name} <AppStateBadge state={app.state} />
        </h3>
        {app.state === 'RUNNING' && app.url && (
          <a
            className="button button--small"
            href={app.url}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="app-link"
          >
            Open {app.name}
          </a>
        )}
      </div>
      <p className="cluster-item__meta">
        release {app.release} · namespace {app.namespace} · chart {app.chartVersion}
        {app.appVersion ? ` · ${app.appVersion}` : ''}
      </p>
      {progress && app.state !== 'UNINSTALLED' && <ProgressBar progress={progress} />}
      {app.failureReason && (
        <div className="alert alert--error" role="alert" data-testid="app-failure-reason">
          {app.failureReason}
        </div>
      )}
      {app.state === 'RUNNING' && app.urls.length > 1 && (
        <ul className="app-item__urls">
          {app.urls.map((url) => (
            <li key={url}>
              <code>{url}</code>
            </li>
          ))}
        </ul>
      )}
      {active && live?.text && <RunLog text={live.text} placeholder="" />}
      {credentials && (
        <p className="app-item__credentials" data-testid="app-credentials">
          Admin: <code>{credentials.username}</code> · password <code>{credentials.password}</code>
        </p>
      )}
      <ProblemMessage error={error} />
      <div className="actions">
        {canManage && (app.state === 'RUNNING' || app.state === 'FAILED') && entry && (
          <button
            type="button"
            className="button button--small button--secondary"
            aria-label={`Upgrade ${app.name}`}
            disabled={busy || upgrading}
            onClick={() => setUpgrading(true)}
          >
            Upgrade
          </button>
        )}
        {canManage && app.state === 'FAILED' && (
          <button
            type="button"
            className="button button--small"
            aria-label={`Retry ${app.name}`}
            disabled={busy}
            onClick={() => void act(() => retryApp(orgId, app.clusterId, app.id))}
          >
            Retry
          </button>
        )}
        {canReadCredentials && app.state === 'RUNNING' && !credentials && (
          <button
            type="button"
            className="button button--small button--secondary"
            aria-label={`Show the admin credentials of ${app.name}`}
            disabled={busy}
            onClick={() =>
              void act(async () =>
                setCredentials(await getAdminCredentials(orgId, app.clusterId, app.id)),
              )
            }
          >
            Admin credentials
          </button>
        )}
        {canManage && (app.state === 'RUNNING' || app.state === 'FAILED') && (
          <ConfirmButton
            label="Uninstall"
            ariaLabel={`Uninstall ${app.name}`}
            confirmAriaLabel={`Yes, uninstall ${app.name}`}
            busy={busy}
            onConfirm={() => void act(() => uninstallApp(orgId, app.clusterId, app.id))}
          />
        )}
      </div>
      {upgrading && entry && (
        <AppSettingsForm
          entry={entry}
          current={{ settings: app.settings, chartVersion: app.chartVersion }}
          submitLabel="Upgrade"
          onCancel={() => setUpgrading(false)}
          onSubmit={async (change) => {
            await changeApp(orgId, app.clusterId, app.id, change);
            setUpgrading(false);
            onChanged();
          }}
        />
      )}
    </li>
  );
}
