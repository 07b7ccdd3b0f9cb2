/**
 * The app catalog: the data tools a READY cluster can run, each a pinned upstream Helm chart
 * (docs/apps.md). Pure functions over the catalog entries in this folder.
 */
import { z } from '@strata/config';
import { airflow } from './airflow';
import { codeServer } from './code-server';
import { jupyterhub } from './jupyterhub';
import { mlflow } from './mlflow';
import { superset } from './superset';
import type { AppContext, CatalogApp, CatalogId, FieldError, SettingsResult } from './types';

export * from './types';
export { parsePostgresUri } from './settings-fields';

type AnyApp = CatalogApp<Record<string, unknown>>;

/** Every app, in the order the catalog lists them. */
export const CATALOG: readonly AnyApp[] = [codeServer, jupyterhub, mlflow, airflow, superset].map(
  (app) => app as unknown as AnyApp,
);

export const CATALOG_IDS: readonly CatalogId[] = CATALOG.map((app) => app.id);

export function isCatalogId(value: unknown): value is CatalogId {
  return typeof value === 'string' && (CATALOG_IDS as readonly string[]).includes(value);
}

/** The catalog app with this id, or undefined. */
export function findCatalogApp(id: string): AnyApp | undefined {
  return CATALOG.find((app) => app.id === id);
}

/** The chart versions the installer image carries for an app (one, pinned). */
export function supportedChartVersions(app: AnyApp): string[] {
  return [app.chart.version];
}

/** JSON Schema (draft 2020-12) of the settings as a client sends them: defaults, titles, write-only fields. */
export function settingsJsonSchema(app: AnyApp): Record<string, unknown> {
  return z.toJSONSchema(app.settingsSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The API's CatalogEntry (GET /app-catalog). */
export interface CatalogEntry {
  id: CatalogId;
  name: string;
  description: string;
  chart: string;
  chartRepository: string;
  chartVersion: string;
  appVersion: string;
  settingsSchema: Record<string, unknown>;
  docsUrl: string;
}

export function catalogEntry(app: AnyApp): CatalogEntry {
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    chart: app.chart.ref,
    chartRepository: app.chart.repository,
    chartVersion: app.chart.version,
    appVersion: app.chart.appVersion,
    settingsSchema: settingsJsonSchema(app),
    docsUrl: app.docsUrl,
  };
}

/** The whole catalog as the API serves it (computed once: it is static). */
let entries: CatalogEntry[] | undefined;
export function catalogEntries(): CatalogEntry[] {
  entries ??= CATALOG.map(catalogEntry);
  return entries;
}

/**
 * Validates a client's settings (undefined = all defaults) and applies the defaults. Errors are
 * one per field, `settings.<name>`, for a 422's `errors`.
 */
export function validateSettings(
  app: AnyApp,
  input: unknown,
): SettingsResult<Record<string, unknown>> {
  const result = app.settingsSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, settings: result.data };
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({ field: `settings.${key}`, message: 'Is not a setting of this app.' });
      continue;
    }
    const field = issue.path.length ? `settings.${issue.path.join('.')}` : 'settings';
    if (!errors.some((e) => e.field === field))
      errors.push({
        field,
        message: issue.path.length ? issue.message : 'Must be an object of settings.',
      });
  }
  return { ok: false, errors };
}

/**
 * An upgrade's settings: the stored (full) settings with the client's changes over them, then
 * validated. A secret setting the client leaves out keeps its stored value.
 */
export function mergeSettings(
  app: AnyApp,
  previous: Record<string, unknown>,
  patch: unknown,
): SettingsResult<Record<string, unknown>> {
  if (patch === undefined) return validateSettings(app, previous);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    return {
      ok: false,
      errors: [{ field: 'settings', message: 'Must be an object of settings.' }],
    };
  return validateSettings(app, { ...previous, ...patch });
}

/** The settings without the secret ones (what the API returns and what may be stored in clear). */
export function publicSettings(
  app: AnyApp,
  settings: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...settings };
  for (const key of app.secretSettings) delete out[key];
  return out;
}

/** The secret settings only (to be stored encrypted, with the generated secrets). */
export function secretSettings(
  app: AnyApp,
  settings: Record<string, unknown>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of app.secretSettings)
    if (typeof settings[key] === 'string') out[key] = settings[key] as string;
  return out;
}

/** The values file for APP_VALUES_YAML: JSON, which is YAML (Helm reads it as such). */
export function valuesYaml(values: Record<string, unknown>): string {
  return `${JSON.stringify(values, null, 2)}\n`;
}

/**
 * The plain (non-secret) environment of an app run for the installer, per CONTRACTS.md, plus
 * APP_URLS (the URLs the installer reports as outputs url and urls once the release is ready).
 * KUBECONFIG_DATA and APP_VALUES_YAML go in the run's Secret, never here.
 */
export function installerEnv(
  app: AnyApp,
  settings: Record<string, unknown>,
  context: AppContext,
): Record<string, string> {
  return {
    APP_CATALOG_ID: app.id,
    APP_RELEASE: context.release,
    APP_NAMESPACE: context.namespace,
    APP_CHART: app.chart.ref,
    APP_CHART_VERSION: app.chart.version,
    APP_TIMEOUT_SECONDS: String(app.readiness(settings, context).timeoutSeconds),
    APP_URLS: app.urls(settings, context).join(','),
  };
}
