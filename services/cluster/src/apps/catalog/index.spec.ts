import {
  CATALOG,
  catalogEntries,
  findCatalogApp,
  installerEnv,
  isCatalogId,
  mergeSettings,
  publicSettings,
  secretSettings,
  settingsJsonSchema,
  validateSettings,
  valuesYaml,
} from './index';
import type { AppContext } from './types';

const context: AppContext = { release: 'hub', namespace: 'data', provider: 'aws' };
const jupyterhub = findCatalogApp('jupyterhub')!;
const EXTERNAL = 'postgresql://hub:s3cret%21@db.example.com:5433/hubdb?sslmode=require';

describe('the app catalog', () => {
  it('lists the five tools, each with a pinned chart version and app version', () => {
    expect(CATALOG.map((app) => app.id)).toEqual([
      'code-server',
      'jupyterhub',
      'mlflow',
      'airflow',
      'superset',
    ]);
    for (const app of CATALOG) {
      expect(app.chart.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(app.chart.appVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(app.chart.ref).toMatch(new RegExp(`/${app.chart.name}$`));
    }
    expect(isCatalogId('mlflow')).toBe(true);
    expect(isCatalogId('wordpress')).toBe(false);
    expect(findCatalogApp('wordpress')).toBeUndefined();
  });

  it('serves the API CatalogEntry with a JSON Schema of the settings (defaults, write-only, closed)', () => {
    const entry = catalogEntries().find((e) => e.id === 'jupyterhub')!;
    expect(entry).toMatchObject({
      name: 'JupyterHub',
      chart: 'jupyterhub/jupyterhub',
      chartVersion: '3.3.8',
      appVersion: '4.1.6',
      docsUrl: expect.stringMatching(/^https:\/\//),
    });
    const schema = entry.settingsSchema as {
      type: string;
      additionalProperties: boolean;
      properties: Record<
        string,
        { default?: unknown; writeOnly?: boolean; enum?: string[]; title?: string }
      >;
    };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.adminUser!.default).toBe('admin');
    expect(schema.properties.storageSize!.default).toBe('10Gi');
    expect(schema.properties.database!.enum).toEqual(['bundled', 'external']);
    expect(schema.properties.databaseUri!.writeOnly).toBe(true);
    for (const property of Object.values(schema.properties)) expect(property.title).toBeTruthy();
    expect(settingsJsonSchema(jupyterhub)).toEqual(entry.settingsSchema);
  });

  it('applies the documented defaults when no settings are given', () => {
    const result = validateSettings(jupyterhub, undefined);
    expect(result).toEqual({
      ok: true,
      settings: {
        adminUser: 'admin',
        storageSize: '10Gi',
        cpu: '500m',
        memory: '1Gi',
        database: 'bundled',
      },
    });
  });

  it('reports every invalid setting as settings.<name>, unknown ones included', () => {
    const result = validateSettings(jupyterhub, {
      hostname: 'Not A Host',
      storageSize: '10GB',
      database: 'external',
      colour: 'blue',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byField = Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
    expect(byField).toEqual({
      'settings.hostname': expect.stringMatching(/DNS name/),
      'settings.storageSize': expect.stringMatching(/Mi, Gi or Ti/),
      'settings.colour': 'Is not a setting of this app.',
      'settings.databaseUri': 'Required with an external database.',
    });
    const missingUri = validateSettings(jupyterhub, { database: 'external' });
    expect(missingUri).toEqual({
      ok: false,
      errors: [{ field: 'settings.databaseUri', message: 'Required with an external database.' }],
    });
    const badUri = validateSettings(jupyterhub, {
      database: 'external',
      databaseUri: 'mysql://x@y/z',
    });
    expect(!badUri.ok && badUri.errors[0]!.message).toMatch(/postgresql:\/\//);
    expect(validateSettings(jupyterhub, 'nope')).toEqual({
      ok: false,
      errors: [{ field: 'settings', message: 'Must be an object of settings.' }],
    });
  });

  it('keeps secret settings out of the public ones, and keeps a stored URI on upgrade', () => {
    const installed = validateSettings(jupyterhub, { database: 'external', databaseUri: EXTERNAL });
    if (!installed.ok) throw new Error('invalid');
    expect(publicSettings(jupyterhub, installed.settings)).not.toHaveProperty('databaseUri');
    expect(secretSettings(jupyterhub, installed.settings)).toEqual({ databaseUri: EXTERNAL });
    const upgraded = mergeSettings(jupyterhub, installed.settings, { storageSize: '20Gi' });
    expect(upgraded).toMatchObject({
      ok: true,
      settings: { storageSize: '20Gi', database: 'external', databaseUri: EXTERNAL },
    });
    expect(mergeSettings(jupyterhub, installed.settings, [1])).toMatchObject({ ok: false });
  });

  it('gives the installer its plain environment, with the URLs to report', () => {
    const settings = validateSettings(jupyterhub, {
      hostname: 'jupyter.example.com',
      tlsSecretName: 'jupyter-tls',
    });
    if (!settings.ok) throw new Error('invalid');
    expect(installerEnv(jupyterhub, settings.settings, context)).toEqual({
      APP_CATALOG_ID: 'jupyterhub',
      APP_RELEASE: 'hub',
      APP_NAMESPACE: 'data',
      APP_CHART: 'jupyterhub/jupyterhub',
      APP_CHART_VERSION: '3.3.8',
      APP_TIMEOUT_SECONDS: '900',
      APP_URLS: 'https://jupyter.example.com/,http://proxy-public.data.svc.cluster.local/',
    });
  });

  it('writes values as JSON, which Helm reads as YAML', () => {
    const text = valuesYaml({ a: { b: [1, 'two'] } });
    expect(JSON.parse(text)).toEqual({ a: { b: [1, 'two'] } });
  });
});
