/**
 * The app catalog's types: what an installable data tool (a pinned upstream Helm chart) declares,
 * and what the apps feature and the installer need from it. Pure: no I/O.
 */
import type { z } from '@strata/config';

export type CatalogId = 'code-server' | 'jupyterhub' | 'mlflow' | 'airflow' | 'superset';

/** Where the app goes: the Helm release, its namespace and the cluster it runs on. */
export interface AppContext {
  release: string;
  namespace: string;
  /** The cluster's provider (`sandbox` runs the sandbox installer; values are still produced). */
  provider: 'aws' | 'azure' | 'gcp' | 'sandbox';
  /** The cluster's API endpoint (outputs.endpoint), when known. */
  clusterEndpoint?: string;
}

/** Generated once at install time, kept (encrypted) by the apps feature, reused on upgrade. */
export type GeneratedSecrets = Record<string, string>;

/** The upstream chart, pinned. `ref` is APP_CHART: `<repo name>/<chart name>` as baked in the image. */
export interface ChartPin {
  /** Helm repository URL (or `git+<url>@<commit>` for a chart only published in git). */
  repository: string;
  name: string;
  ref: string;
  version: string;
  appVersion: string;
}

export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';
  name: string;
  /** Present only with some settings (a bundled database, an executor). */
  when?: string;
}

/**
 * How "RUNNING" is judged: the installer runs `helm upgrade --install --wait --wait-for-jobs
 * --timeout <timeoutSeconds>s` (no --atomic), so Helm waits until every Deployment,
 * StatefulSet and DaemonSet of the release has its ready replicas, every non-hook Job has
 * completed and every hook has run. `workloads` names what that covers for this app.
 */
export interface Readiness {
  timeoutSeconds: number;
  workloads: Workload[];
  /** Chart hooks (run by Helm inside the same --wait/--timeout) and how they interact with it. */
  hooks: string;
}

export interface AdminCredentials {
  username: string;
  password: string;
}

export interface FieldError {
  /** `settings.<name>` */
  field: string;
  message: string;
}

export type SettingsResult<S> = { ok: true; settings: S } | { ok: false; errors: FieldError[] };

/** One catalog app. `S` is its parsed settings (defaults applied). */
export interface CatalogApp<S extends object = Record<string, unknown>> {
  id: CatalogId;
  name: string;
  description: string;
  docsUrl: string;
  chart: ChartPin;
  defaultRelease: string;
  defaultNamespace: string;
  /** zod schema of the settings a user may give; every field optional with a documented default. */
  settingsSchema: z.ZodType<S>;
  /** Names of the settings that are secret (write-only: never returned, never logged). */
  secretSettings: readonly (keyof S & string)[];
  /** The names of the secrets `generateSecrets` returns. */
  secretNames: readonly string[];
  generateSecrets(): GeneratedSecrets;
  /** The chart's values (pure). */
  valuesFor(settings: S, secrets: GeneratedSecrets, context: AppContext): Record<string, unknown>;
  readiness(settings: S, context: AppContext): Readiness;
  /** The app's URLs, primary first: the Ingress URL when a hostname is set, then the in-cluster one. */
  urls(settings: S, context: AppContext): string[];
  adminCredentials(settings: S, secrets: GeneratedSecrets): AdminCredentials;
}
