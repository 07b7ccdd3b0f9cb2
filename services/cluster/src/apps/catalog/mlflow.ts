/**
 * MLflow tracking server, from community-charts/helm-charts (charts/mlflow, values.yaml of tag
 * mlflow-1.11.5). MLflow 3's server rejects requests whose Host header is not allowed
 * (MLFLOW_SERVER_ALLOWED_HOSTS, --allowed-hosts): the chart adds the Ingress host itself; the
 * values add the in-cluster Service names and localhost (port-forward) through
 * `serverAllowedHosts`. Basic auth is on, with the generated admin password.
 */
import { z } from '@strata/config';
import { randomHex, randomPassword } from './secrets';
import {
  adminUserField,
  checkExposureAndDatabase,
  cpuField,
  databaseShape,
  exposureShape,
  exposureUrls,
  externalDatabase,
  fullname,
  memoryField,
  replicasField,
  resources,
  storageClassField,
  storageSizeField,
} from './settings-fields';
import type { AppContext, CatalogApp } from './types';

export const mlflowSettingsSchema = z
  .strictObject({
    ...exposureShape,
    adminUser: adminUserField,
    replicas: replicasField('Tracking server replicas (more than 1 needs an external database).'),
    storageSize: storageSizeField('8Gi', "The bundled PostgreSQL's volume."),
    storageClass: storageClassField,
    cpu: cpuField('500m'),
    memory: memoryField('1Gi'),
    ...databaseShape('a PostgreSQL StatefulSet from the chart (Bitnami, legacy images)'),
    artifactsS3Bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'Must be an S3 bucket name.')
      .optional()
      .meta({
        title: 'Artifacts S3 bucket',
        description:
          "Store artifacts in this S3 bucket (credentials from the pod's service account). Empty (the default): the server's local disk, lost when the pod restarts.",
      }),
  })
  .superRefine((settings, ctx) => {
    checkExposureAndDatabase(settings, ctx);
    if (settings.replicas > 1 && settings.database !== 'external')
      ctx.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: 'More than 1 replica needs an external database.',
      });
  });

export type MlflowSettings = z.infer<typeof mlflowSettingsSchema>;

const CHART = 'mlflow';
const PORT = 80;

function allowedHosts(context: AppContext) {
  const service = fullname(context.release, CHART);
  return [
    service,
    `${service}.${context.namespace}`,
    `${service}.${context.namespace}.svc`,
    `${service}.${context.namespace}.svc.cluster.local`,
    'localhost:*',
    '127.0.0.1:*',
  ];
}

export const mlflow: CatalogApp<MlflowSettings> = {
  id: 'mlflow',
  name: 'MLflow',
  description: 'Experiment tracking and model registry (MLflow tracking server with basic auth).',
  docsUrl: 'https://community-charts.github.io/docs/charts/mlflow/usage',
  chart: {
    repository: 'https://community-charts.github.io/helm-charts',
    name: CHART,
    ref: 'community-charts/mlflow',
    version: '1.11.5',
    appVersion: '3.15.1',
  },
  defaultRelease: 'mlflow',
  defaultNamespace: 'mlflow',
  settingsSchema: mlflowSettingsSchema,
  secretSettings: ['databaseUri'],
  secretNames: ['adminPassword', 'flaskSecretKey', 'databasePassword'],
  generateSecrets: () => ({
    adminPassword: randomPassword(),
    flaskSecretKey: randomHex(32),
    databasePassword: randomPassword(),
  }),

  valuesFor(settings, secrets, context) {
    const external = externalDatabase(settings);
    return {
      replicaCount: settings.replicas,
      service: { type: 'ClusterIP', port: PORT },
      resources: resources(settings),
      serverAllowedHosts: allowedHosts(context),
      flaskServerSecretKey: secrets.flaskSecretKey,
      auth: {
        enabled: true,
        adminUsername: settings.adminUser,
        adminPassword: secrets.adminPassword,
      },
      backendStore: {
        databaseMigration: true,
        databaseConnectionCheck: true,
        postgres: external
          ? {
              enabled: true,
              host: external.host,
              port: external.port,
              database: external.database,
              user: external.user,
              password: external.password,
            }
          : { enabled: false },
      },
      postgresql: external
        ? { enabled: false }
        : {
            enabled: true,
            auth: { username: 'mlflow', password: secrets.databasePassword, database: 'mlflow' },
            primary: {
              persistence: {
                enabled: true,
                size: settings.storageSize,
                ...(settings.storageClass ? { storageClass: settings.storageClass } : {}),
              },
            },
          },
      artifactRoot: settings.artifactsS3Bucket
        ? {
            proxiedArtifactStorage: true,
            s3: { enabled: true, bucket: settings.artifactsS3Bucket },
          }
        : { proxiedArtifactStorage: true },
      ingress: settings.hostname
        ? {
            enabled: true,
            ...(settings.ingressClassName ? { className: settings.ingressClassName } : {}),
            hosts: [{ host: settings.hostname, paths: [{ path: '/', pathType: 'Prefix' }] }],
            ...(settings.tlsSecretName
              ? { tls: [{ secretName: settings.tlsSecretName, hosts: [settings.hostname] }] }
              : {}),
          }
        : { enabled: false },
    };
  },

  readiness(settings, context) {
    return {
      timeoutSeconds: 600,
      workloads: [
        { kind: 'Deployment', name: fullname(context.release, CHART) },
        ...(settings.database === 'bundled'
          ? [
              {
                kind: 'StatefulSet' as const,
                name: `${context.release}-postgresql`,
                when: 'database bundled',
              },
            ]
          : []),
      ],
      hooks:
        'None. The database check and migration are init containers of the Deployment, so its pods are ready only once the schema is migrated.',
    };
  },

  urls: (settings, context) =>
    exposureUrls(settings, context, fullname(context.release, CHART), PORT),

  adminCredentials: (settings, secrets) => ({
    username: settings.adminUser,
    password: secrets.adminPassword!,
  }),
};
