/**
 * Apache Airflow, from the official chart (apache/airflow's chart/, values.yaml of tag
 * helm-chart/1.16.0, Airflow 2.10.5). Its database migration and admin-user Jobs are Helm hooks
 * by default (post-install): with `helm --wait` the install waits for pods that wait for the
 * migration, which only runs after the wait: a deadlock until the timeout. The values turn the
 * hooks off (`migrateDatabaseJob.useHelmHooks: false`, `createUserJob.useHelmHooks: false`, and
 * `applyCustomEnv: false` for both, as the chart's docs say for tools that do not run hooks), so
 * the Jobs are ordinary resources that `--wait --wait-for-jobs` waits for.
 */
import { z } from '@strata/config';
import { fernetKey, randomHex, randomPassword } from './secrets';
import {
  adminUserField,
  checkExposureAndDatabase,
  cpuField,
  databaseShape,
  exposureShape,
  exposureUrls,
  externalDatabase,
  memoryField,
  replicasField,
  resources,
  storageClassField,
  storageSizeField,
} from './settings-fields';
import type { CatalogApp, Workload } from './types';

export const airflowSettingsSchema = z
  .strictObject({
    ...exposureShape,
    adminUser: adminUserField,
    executor: z
      .enum(['KubernetesExecutor', 'CeleryExecutor', 'LocalExecutor'], {
        error: 'Must be KubernetesExecutor, CeleryExecutor or LocalExecutor.',
      })
      .default('KubernetesExecutor')
      .meta({
        title: 'Executor',
        description:
          'KubernetesExecutor (the default): a pod per task. CeleryExecutor: Celery workers and Redis. LocalExecutor: tasks run in the scheduler.',
      }),
    replicas: replicasField('Webserver replicas.'),
    storageSize: storageSizeField(
      '10Gi',
      "The log volumes (triggerer, workers or scheduler) and the bundled PostgreSQL's volume.",
    ),
    storageClass: storageClassField,
    cpu: cpuField('500m'),
    memory: memoryField('2Gi'),
    ...databaseShape('a PostgreSQL StatefulSet from the chart (Bitnami, legacy images)'),
  })
  .superRefine(checkExposureAndDatabase);

export type AirflowSettings = z.infer<typeof airflowSettingsSchema>;

const PORT = 8080;

export const airflow: CatalogApp<AirflowSettings> = {
  id: 'airflow',
  name: 'Apache Airflow',
  description: 'Workflow orchestration: author, schedule and monitor pipelines as DAGs.',
  docsUrl: 'https://airflow.apache.org/docs/helm-chart/1.16.0/',
  chart: {
    repository: 'https://airflow.apache.org',
    name: 'airflow',
    ref: 'apache-airflow/airflow',
    version: '1.16.0',
    appVersion: '2.10.5',
  },
  defaultRelease: 'airflow',
  defaultNamespace: 'airflow',
  settingsSchema: airflowSettingsSchema,
  secretSettings: ['databaseUri'],
  secretNames: ['adminPassword', 'fernetKey', 'webserverSecretKey', 'databasePassword'],
  generateSecrets: () => ({
    adminPassword: randomPassword(),
    fernetKey: fernetKey(),
    webserverSecretKey: randomHex(32),
    databasePassword: randomPassword(),
  }),

  valuesFor(settings, secrets) {
    const external = externalDatabase(settings);
    const persistence = {
      size: settings.storageSize,
      ...(settings.storageClass ? { storageClassName: settings.storageClass } : {}),
    };
    return {
      executor: settings.executor,
      fernetKey: secrets.fernetKey,
      webserverSecretKey: secrets.webserverSecretKey,
      migrateDatabaseJob: { enabled: true, useHelmHooks: false, applyCustomEnv: false },
      createUserJob: { useHelmHooks: false, applyCustomEnv: false },
      webserver: {
        replicas: settings.replicas,
        resources: resources(settings),
        defaultUser: {
          enabled: true,
          role: 'Admin',
          username: settings.adminUser,
          password: secrets.adminPassword,
          email: `${settings.adminUser}@airflow.invalid`,
          firstName: settings.adminUser,
          lastName: 'Admin',
        },
      },
      triggerer: { persistence },
      workers: { persistence },
      scheduler: { resources: resources(settings) },
      data: {
        metadataConnection: external
          ? {
              user: external.user,
              pass: external.password,
              protocol: 'postgresql',
              host: external.host,
              port: external.port,
              db: external.database,
              sslmode: external.sslmode ?? 'prefer',
            }
          : {
              user: 'postgres',
              pass: secrets.databasePassword,
              protocol: 'postgresql',
              port: 5432,
              db: 'postgres',
              sslmode: 'disable',
            },
      },
      postgresql: external
        ? { enabled: false }
        : {
            enabled: true,
            // Bitnami removed its versioned images from docker.io/bitnami (2025): same tags here.
            image: { repository: 'bitnamilegacy/postgresql' },
            auth: { enablePostgresUser: true, postgresPassword: secrets.databasePassword },
            // The Bitnami subchart's key is `storageClass` (the Airflow chart's own volumes
            // take `storageClassName`).
            primary: {
              persistence: {
                enabled: true,
                size: settings.storageSize,
                ...(settings.storageClass ? { storageClass: settings.storageClass } : {}),
              },
            },
          },
      ingress: settings.hostname
        ? {
            web: {
              enabled: true,
              ...(settings.ingressClassName ? { ingressClassName: settings.ingressClassName } : {}),
              path: '/',
              pathType: 'Prefix',
              hosts: [
                {
                  name: settings.hostname,
                  tls: settings.tlsSecretName
                    ? { enabled: true, secretName: settings.tlsSecretName }
                    : { enabled: false },
                },
              ],
            },
          }
        : { web: { enabled: false } },
    };
  },

  readiness(settings, context) {
    const r = context.release;
    const workloads: Workload[] = [
      { kind: 'Deployment', name: `${r}-webserver` },
      {
        kind: settings.executor === 'LocalExecutor' ? 'StatefulSet' : 'Deployment',
        name: `${r}-scheduler`,
      },
      { kind: 'StatefulSet', name: `${r}-triggerer` },
      { kind: 'Deployment', name: `${r}-statsd` },
      { kind: 'Job', name: `${r}-run-airflow-migrations` },
      { kind: 'Job', name: `${r}-create-user` },
    ];
    if (settings.executor === 'CeleryExecutor')
      workloads.push(
        { kind: 'StatefulSet', name: `${r}-worker`, when: 'executor CeleryExecutor' },
        { kind: 'StatefulSet', name: `${r}-redis`, when: 'executor CeleryExecutor' },
      );
    if (settings.database === 'bundled')
      workloads.push({ kind: 'StatefulSet', name: `${r}-postgresql`, when: 'database bundled' });
    return {
      timeoutSeconds: 1200,
      workloads,
      hooks:
        'None: the migration and create-user Jobs are plain resources (useHelmHooks: false), waited for by --wait-for-jobs; the webserver and scheduler wait for the migration in an init container.',
    };
  },

  urls: (settings, context) =>
    exposureUrls(settings, context, `${context.release}-webserver`, PORT),

  adminCredentials: (settings, secrets) => ({
    username: settings.adminUser,
    password: secrets.adminPassword!,
  }),
};
