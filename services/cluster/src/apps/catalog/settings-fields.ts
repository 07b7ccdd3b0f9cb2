/**
 * Setting fields shared by the catalog apps (flat, so a form can be generated from the JSON
 * Schema one field per property), and the helpers that turn them into chart values.
 */
import { z } from '@strata/config';
import type { AppContext } from './types';

const DNS_NAME =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const QUANTITY_STORAGE = /^[1-9][0-9]{0,5}(Mi|Gi|Ti)$/;
const QUANTITY_CPU = /^([1-9][0-9]{0,2}|[0-9]{1,2}\.[0-9]{1,3}|[1-9][0-9]{0,5}m)$/;
const QUANTITY_MEMORY = /^[1-9][0-9]{0,6}(Mi|Gi)$/;
const USER_NAME = /^[a-z][a-z0-9_.-]{0,31}$/;

export const hostnameField = z
  .string()
  .regex(DNS_NAME, 'Must be a DNS name such as jupyter.example.com (lower case).')
  .optional()
  .meta({
    title: 'Hostname',
    description:
      'Serve the app on this hostname through an Ingress. Empty (the default): no Ingress; the app is reached in the cluster (kubectl port-forward).',
  });

export const ingressClassField = z
  .string()
  .regex(K8S_NAME, 'Must be a Kubernetes name (lower-case letters, digits, - and .).')
  .optional()
  .meta({
    title: 'Ingress class',
    description:
      "The Ingress's ingressClassName. Empty (the default): the cluster's default class.",
  });

export const tlsSecretField = z
  .string()
  .regex(K8S_NAME, 'Must be a Kubernetes name (lower-case letters, digits, - and .).')
  .optional()
  .meta({
    title: 'TLS secret',
    description:
      'A kubernetes.io/tls Secret in the namespace for the hostname; the URL is then https. Empty (the default): http.',
  });

export const adminUserField = z
  .string()
  .regex(USER_NAME, 'Must start with a letter: lower-case letters, digits, _ . - (at most 32).')
  .default('admin')
  .meta({ title: 'Admin user', description: 'The admin account (its password is generated).' });

export const storageSizeField = (defaultSize: string, what: string) =>
  z
    .string()
    .regex(QUANTITY_STORAGE, 'Must be a size in Mi, Gi or Ti, such as 10Gi.')
    .default(defaultSize)
    .meta({ title: 'Storage size', description: `${what} Default ${defaultSize}.` });

export const storageClassField = z
  .string()
  .regex(K8S_NAME, 'Must be a Kubernetes name (lower-case letters, digits, - and .).')
  .optional()
  .meta({
    title: 'Storage class',
    description: "The volumes' storageClassName. Empty (the default): the cluster's default class.",
  });

export const cpuField = (defaultCpu: string) =>
  z
    .string()
    .regex(QUANTITY_CPU, 'Must be a CPU quantity such as 500m, 1 or 1.5.')
    .default(defaultCpu)
    .meta({
      title: 'CPU',
      description: `CPU requested by the main container. Default ${defaultCpu}.`,
    });

export const memoryField = (defaultMemory: string) =>
  z
    .string()
    .regex(QUANTITY_MEMORY, 'Must be a memory size in Mi or Gi, such as 512Mi or 2Gi.')
    .default(defaultMemory)
    .meta({
      title: 'Memory',
      description: `Memory requested by (and the limit of) the main container. Default ${defaultMemory}.`,
    });

export const replicasField = (what: string) =>
  z
    .number({ error: 'Must be a whole number from 1 to 10.' })
    .int('Must be a whole number from 1 to 10.')
    .min(1, 'Must be a whole number from 1 to 10.')
    .max(10, 'Must be a whole number from 1 to 10.')
    .default(1)
    .meta({ title: 'Replicas', description: `${what} Default 1.` });

export const databaseField = (bundled: string) =>
  z
    .enum(['bundled', 'external'], { error: 'Must be bundled or external.' })
    .default('bundled')
    .meta({
      title: 'Database',
      description: `bundled (the default, for trials): ${bundled}. external: your PostgreSQL, given as Database URI.`,
    });

export const databaseUriField = z
  .string()
  .max(2000, 'Must be at most 2000 characters.')
  .optional()
  .meta({
    title: 'Database URI',
    description:
      'With Database external: postgresql://user:password@host:5432/database (write-only: never shown again).',
    writeOnly: true,
  });

export interface PostgresUri {
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
  /** sslmode from the query string, if any. */
  sslmode?: string;
}

/** Parses postgresql://user:password@host:port/database; null when it is not one. */
export function parsePostgresUri(uri: string): PostgresUri | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') return null;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(url.username);
  if (!url.hostname || !user || !database || database.includes('/')) return null;
  const port = url.port ? Number(url.port) : 5432;
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  return {
    user,
    password: decodeURIComponent(url.password),
    host: url.hostname,
    port,
    database,
    ...(sslmode ? { sslmode } : {}),
  };
}

interface DatabaseSettings {
  database: 'bundled' | 'external';
  databaseUri?: string;
}

/** Cross-field rule: an external database needs a valid PostgreSQL URI. */
export function checkDatabase(settings: DatabaseSettings, ctx: z.RefinementCtx) {
  if (settings.database !== 'external') return;
  if (!settings.databaseUri) {
    ctx.addIssue({
      code: 'custom',
      path: ['databaseUri'],
      message: 'Required with an external database.',
    });
  } else if (!parsePostgresUri(settings.databaseUri)) {
    ctx.addIssue({
      code: 'custom',
      path: ['databaseUri'],
      message: 'Must be postgresql://user:password@host:port/database.',
    });
  }
}

/** The external database, when the settings name one (validated by checkDatabase). */
export function externalDatabase(settings: DatabaseSettings): PostgresUri | null {
  return settings.database === 'external' && settings.databaseUri
    ? parsePostgresUri(settings.databaseUri)
    : null;
}

/** A TLS rule only: a secret without a hostname makes no sense. */
export function checkTls(
  settings: { hostname?: string; tlsSecretName?: string },
  ctx: z.RefinementCtx,
) {
  if (settings.tlsSecretName && !settings.hostname)
    ctx.addIssue({ code: 'custom', path: ['tlsSecretName'], message: 'Needs a hostname.' });
}

/** The name Helm's standard `<chart>.fullname` helper gives (release, or release-chart). */
export function fullname(release: string, chart: string): string {
  const name = release.includes(chart) ? release : `${release}-${chart}`;
  return name.slice(0, 63).replace(/-+$/, '');
}

interface Exposure {
  hostname?: string;
  tlsSecretName?: string;
}

/** The app's URLs: the Ingress URL (when a hostname is set), then the in-cluster Service URL. */
export function exposureUrls(
  settings: Exposure,
  context: AppContext,
  service: string,
  port: number,
): string[] {
  const urls: string[] = [];
  if (settings.hostname)
    urls.push(`${settings.tlsSecretName ? 'https' : 'http'}://${settings.hostname}/`);
  urls.push(
    `http://${service}.${context.namespace}.svc.cluster.local${port === 80 ? '' : `:${port}`}/`,
  );
  return urls;
}

/** requests cpu+memory, limits memory (no CPU limit, so bursts are not throttled). */
export function resources(settings: { cpu: string; memory: string }) {
  return {
    requests: { cpu: settings.cpu, memory: settings.memory },
    limits: { memory: settings.memory },
  };
}

/** The exposure settings every app has: hostname, Ingress class, TLS secret. */
export const exposureShape = {
  hostname: hostnameField,
  ingressClassName: ingressClassField,
  tlsSecretName: tlsSecretField,
};

/** The database settings of the apps that have one. */
export const databaseShape = (bundled: string) => ({
  database: databaseField(bundled),
  databaseUri: databaseUriField,
});

/** The cross-field rules of the exposure and database settings. */
export function checkExposureAndDatabase(
  settings: { hostname?: string; tlsSecretName?: string } & DatabaseSettings,
  ctx: z.RefinementCtx,
) {
  checkTls(settings, ctx);
  checkDatabase(settings, ctx);
}
