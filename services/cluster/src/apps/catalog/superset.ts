/**
 * Apache Superset, from the chart in apache/superset (helm/superset, values.yaml of tag
 * superset-helm-chart-0.14.3, Superset 4.1.2). The chart's defaults are an admin/admin account
 * and a placeholder SECRET_KEY: the values set the admin from the generated password and the
 * SECRET_KEY from a generated key (SUPERSET_SECRET_KEY through extraSecretEnv, read by a
 * configOverrides entry).
 */
import { z } from '@strata/config';
import { randomBase64, randomPassword } from './secrets';
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
import type { CatalogApp, Workload } from './types';

export const supersetSettingsSchema = z
  .strictObject({
    ...exposureShape,
    adminUser: adminUserField,
    replicas: replicasField('Web server replicas.'),
    storageSize: storageSizeField('8Gi', "The bundled PostgreSQL's volume."),
    storageClass: storageClassField,
    cpu: cpuField('500m'),
    memory: memoryField('2Gi'),
    ...databaseShape('a PostgreSQL StatefulSet from the chart (Bitnami, legacy images)'),
    loadExamples: z
      .boolean({ error: 'Must be true or false.' })
      .default(false)
      .meta({ title: 'Load examples', description: 'Load the example dashboards. Default false.' }),
  })
  .superRefine(checkExposureAndDatabase);

export type SupersetSettings = z.infer<typeof supersetSettingsSchema>;

const CHART = 'superset';
const PORT = 8088;

export const superset: CatalogApp<SupersetSettings> = {
  id: 'superset',
  name: 'Apache Superset',
  description: 'Business intelligence: explore data and build dashboards.',
  docsUrl: 'https://superset.apache.org/docs/installation/kubernetes',
  chart: {
    repository: 'https://apache.github.io/superset',
    name: CHART,
    ref: 'superset/superset',
    version: '0.14.3',
    appVersion: '4.1.2',
  },
  defaultRelease: 'superset',
  defaultNamespace: 'superset',
  settingsSchema: supersetSettingsSchema,
  secretSettings: ['databaseUri'],
  secretNames: ['adminPassword', 'secretKey', 'databasePassword'],
  generateSecrets: () => ({
    adminPassword: randomPassword(),
    secretKey: randomBase64(42),
    databasePassword: randomPassword(),
  }),

  valuesFor(settings, secrets, context) {
    const external = externalDatabase(settings);
    const persistence = {
      size: settings.storageSize,
      ...(settings.storageClass ? { storageClass: settings.storageClass } : {}),
    };
    return {
      extraSecretEnv: { SUPERSET_SECRET_KEY: secrets.secretKey },
      configOverrides: {
        secret_key: 'SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]',
      },
      service: { type: 'ClusterIP', port: PORT },
      supersetNode: {
        // The chart takes the count under `replicas` (apache/superset#28762, 2024; before it,
        // `supersetNode.replicaCount`, which 0.14.3 ignores).
        replicas: { enabled: true, replicaCount: settings.replicas },
        resources: resources(settings),
        connections: external
          ? {
              db_host: external.host,
              db_port: String(external.port),
              db_user: external.user,
              db_pass: external.password,
              db_name: external.database,
            }
          : {
              db_host: `${context.release}-postgresql`,
              db_port: '5432',
              db_user: 'superset',
              db_pass: secrets.databasePassword,
              db_name: 'superset',
            },
      },
      init: {
        enabled: true,
        createAdmin: true,
        loadExamples: settings.loadExamples,
        adminUser: {
          username: settings.adminUser,
          firstname: settings.adminUser,
          lastname: 'Admin',
          email: `${settings.adminUser}@superset.invalid`,
          password: secrets.adminPassword,
        },
      },
      postgresql: external
        ? { enabled: false }
        : {
            enabled: true,
            // Bitnami removed its versioned images from docker.io/bitnami (2025): same tags here.
            image: { repository: 'bitnamilegacy/postgresql' },
            auth: {
              username: 'superset',
              password: secrets.databasePassword,
              database: 'superset',
            },
            primary: { persistence: { enabled: true, ...persistence } },
          },
      redis: { enabled: true, image: { repository: 'bitnamilegacy/redis' } },
      ingress: settings.hostname
        ? {
            enabled: true,
            ...(settings.ingressClassName ? { ingressClassName: settings.ingressClassName } : {}),
            path: '/',
            pathType: 'Prefix',
            hosts: [settings.hostname],
            tls: settings.tlsSecretName
              ? [{ secretName: settings.tlsSecretName, hosts: [settings.hostname] }]
              : [],
          }
        : { enabled: false },
    };
  },

  readiness(settings, context) {
    const name = fullname(context.release, CHART);
    const workloads: Workload[] = [
      { kind: 'Deployment', name },
      { kind: 'Deployment', name: `${name}-worker` },
      { kind: 'StatefulSet', name: `${context.release}-redis-master` },
    ];
    if (settings.database === 'bundled')
      workloads.push({
        kind: 'StatefulSet',
        name: `${context.release}-postgresql`,
        when: 'database bundled',
      });
    return {
      timeoutSeconds: 1200,
      workloads,
      hooks: `${name}-init-db (a post-install/post-upgrade hook Job: migrations, the admin, roles) runs after the workloads are ready, within the same --timeout; the web pods do not wait for it, so there is no deadlock with --wait.`,
    };
  },

  urls: (settings, context) =>
    exposureUrls(settings, context, fullname(context.release, CHART), PORT),

  adminCredentials: (settings, secrets) => ({
    username: settings.adminUser,
    password: secrets.adminPassword!,
  }),
};
