import { useState } from 'react';
import { installApp, type App, type CatalogEntry } from '../api/apps';
import { AppSettingsForm } from './AppSettingsForm';

interface Props {
  orgId: string;
  clusterId: string;
  catalog: CatalogEntry[];
  /** Apps installed (not UNINSTALLED) on the cluster: their cards offer no second install. */
  installed: App[];
  canManage: boolean;
  onInstalled: () => void;
}

/** A card per data tool; Install opens the form generated from the tool's settings. */
export function AppCatalog({
  orgId,
  clusterId,
  catalog,
  installed,
  canManage,
  onInstalled,
}: Props) {
  const [installing, setInstalling] = useState<string | null>(null);
  const chosen = catalog.find((e) => e.id === installing);
  return (
    <section className="section" aria-labelledby="catalog-heading">
      <div className="section__header">
        <h2 id="catalog-heading">Data tools</h2>
      </div>
      {!canManage && <p className="muted">Admins and owners install data tools.</p>}
      <ul className="app-catalog">
        {catalog.map((entry) => {
          const present = installed.some((a) => a.catalogId === entry.id);
          return (
            <li key={entry.id} className="app-card" data-testid="catalog-card">
              <h3>{entry.name}</h3>
              <p>{entry.description}</p>
              <p className="muted app-card__meta">
                {entry.appVersion} · chart {entry.chart} {entry.chartVersion} ·{' '}
                <a href={entry.docsUrl} target="_blank" rel="noreferrer noopener">
                  docs
                </a>
              </p>
              {present ? (
                <p className="muted">Installed</p>
              ) : (
                canManage && (
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Install ${entry.name}`}
                    disabled={installing === entry.id}
                    onClick={() => setInstalling(entry.id)}
                  >
                    Install
                  </button>
                )
              )}
            </li>
          );
        })}
      </ul>
      {chosen && (
        <AppSettingsForm
          key={chosen.id}
          entry={chosen}
          submitLabel="Install"
          onCancel={() => setInstalling(null)}
          onSubmit={async (change) => {
            await installApp(orgId, clusterId, { catalogId: chosen.id, ...change });
            setInstalling(null);
            onInstalled();
          }}
        />
      )}
    </section>
  );
}
