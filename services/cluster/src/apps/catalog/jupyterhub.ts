/**
 * JupyterHub, from the Zero to JupyterHub chart (jupyterhub/zero-to-jupyterhub-k8s, values in
 * jupyterhub/values.yaml of tag 3.3.8). The chart's default authenticator is the dummy one (any
 * user, any password): the values set a shared admin password instead (DummyAuthenticator with
 * `password`, only the admin user allowed), as the chart's authentication guide shows.
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
  memoryField,
  storageClassField,
  storageSizeField,
} from './settings-fields';
import type { CatalogApp } from './types';

export const jupyterhubSettingsSchema = z
  .strictObject({
    ...exposureShape,
    adminUser: adminUserField,
    storageSize: storageSizeField('10Gi', "Each user's home volume."),
    storageClass: storageClassField,
    cpu: cpuField('500m'),
    memory: memoryField('1Gi'),
    ...databaseShape("the hub's SQLite database on a 1Gi volume"),
  })
  .superRefine(checkExposureAndDatabase);

export type JupyterhubSettings = z.infer<typeof jupyterhubSettingsSchema>;

export const jupyterhub: CatalogApp<JupyterhubSettings> = {
  id: 'jupyterhub',
  name: 'JupyterHub',
  description: 'Multi-user Jupyter notebooks; each user gets a server and a home volume.',
  docsUrl: 'https://z2jh.jupyter.org/en/stable/',
  chart: {
    repository: 'https://hub.jupyter.org/helm-chart/',
    name: 'jupyterhub',
    ref: 'jupyterhub/jupyterhub',
    version: '3.3.8',
    appVersion: '4.1.6',
  },
  defaultRelease: 'jupyterhub',
  defaultNamespace: 'jupyterhub',
  settingsSchema: jupyterhubSettingsSchema,
  secretSettings: ['databaseUri'],
  secretNames: ['adminPassword', 'cookieSecret', 'proxySecretToken'],
  generateSecrets: () => ({
    adminPassword: randomPassword(),
    cookieSecret: randomHex(32),
    proxySecretToken: randomHex(32),
  }),

  valuesFor(settings, secrets) {
    const external = externalDatabase(settings);
    return {
      hub: {
        config: {
          JupyterHub: {
            admin_access: true,
            authenticator_class: 'jupyterhub.auth.DummyAuthenticator',
          },
          DummyAuthenticator: { password: secrets.adminPassword },
          Authenticator: {
            admin_users: [settings.adminUser],
            allowed_users: [settings.adminUser],
          },
        },
        cookieSecret: secrets.cookieSecret,
        db: external
          ? {
              type: 'postgres',
              url: `postgresql+psycopg2://${encodeURIComponent(external.user)}@${external.host}:${external.port}/${encodeURIComponent(external.database)}${external.sslmode ? `?sslmode=${external.sslmode}` : ''}`,
              password: external.password,
            }
          : {
              type: 'sqlite-pvc',
              pvc: {
                storage: '1Gi',
                ...(settings.storageClass ? { storageClassName: settings.storageClass } : {}),
              },
            },
      },
      proxy: {
        secretToken: secrets.proxySecretToken,
        // proxy-public is a LoadBalancer by default; the Ingress (or port-forward) reaches it.
        service: { type: 'ClusterIP' },
      },
      singleuser: {
        storage: {
          capacity: settings.storageSize,
          ...(settings.storageClass ? { dynamic: { storageClass: settings.storageClass } } : {}),
        },
        cpu: { guarantee: cpuCores(settings.cpu) },
        memory: {
          guarantee: toJupyterBytes(settings.memory),
          limit: toJupyterBytes(settings.memory),
        },
      },
      ingress: settings.hostname
        ? {
            enabled: true,
            ...(settings.ingressClassName ? { ingressClassName: settings.ingressClassName } : {}),
            hosts: [settings.hostname],
            ...(settings.tlsSecretName
              ? { tls: [{ hosts: [settings.hostname], secretName: settings.tlsSecretName }] }
              : {}),
          }
        : { enabled: false },
    };
  },

  readiness() {
    return {
      timeoutSeconds: 900,
      workloads: [
        { kind: 'Deployment', name: 'hub' },
        { kind: 'Deployment', name: 'proxy' },
        { kind: 'Deployment', name: 'user-scheduler' },
        { kind: 'DaemonSet', name: 'continuous-image-puller' },
      ],
      hooks:
        'hook-image-awaiter (a pre-install/pre-upgrade Job) waits for the hook-image-puller DaemonSet to pull the user image on every node; Helm runs it within the same --timeout.',
    };
  },

  urls: (settings, context) => exposureUrls(settings, context, 'proxy-public', 80),

  adminCredentials: (settings, secrets) => ({
    username: settings.adminUser,
    password: secrets.adminPassword!,
  }),
};

/** KubeSpawner takes CPU as a number of cores: "500m" -> 0.5. */
function cpuCores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
}

/** KubeSpawner's byte suffixes are K, M, G, T (powers of 1024): "2Gi" -> "2G". */
function toJupyterBytes(memory: string): string {
  return memory.replace(/i$/, '');
}
