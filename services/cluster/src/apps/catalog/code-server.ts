/**
 * code-server (VS Code in the browser), from the chart in coder/code-server's ci/helm-chart.
 * That chart is published in git only (no Helm repository): the installer image packages it
 * from the pinned commit (installer/charts.lock). Values: ci/helm-chart/values.yaml.
 */
import { z } from '@strata/config';
import { randomPassword } from './secrets';
import {
  checkTls,
  cpuField,
  exposureShape,
  exposureUrls,
  fullname,
  memoryField,
  resources,
  storageClassField,
  storageSizeField,
} from './settings-fields';
import type { CatalogApp } from './types';

export const codeServerSettingsSchema = z
  .strictObject({
    ...exposureShape,
    storageSize: storageSizeField('10Gi', 'The home volume (/home/coder).'),
    storageClass: storageClassField,
    cpu: cpuField('500m'),
    memory: memoryField('1Gi'),
  })
  .superRefine(checkTls);

export type CodeServerSettings = z.infer<typeof codeServerSettingsSchema>;

const CHART = 'code-server';
const PORT = 8080;

export const codeServer: CatalogApp<CodeServerSettings> = {
  id: 'code-server',
  name: 'VS Code server',
  description: 'VS Code in the browser (code-server), with a persistent home volume.',
  docsUrl: 'https://coder.com/docs/code-server/helm',
  chart: {
    repository: 'git+https://github.com/coder/code-server@c22dc74d53e0c07e0bbba3aa3eefb2c86f682f30',
    name: CHART,
    ref: 'coder/code-server',
    version: '3.48.0',
    appVersion: '4.133.0',
  },
  defaultRelease: 'code-server',
  defaultNamespace: 'code-server',
  settingsSchema: codeServerSettingsSchema,
  secretSettings: [],
  secretNames: ['password'],
  generateSecrets: () => ({ password: randomPassword() }),

  valuesFor(settings, secrets) {
    return {
      // The chart's password Secret is a pre-install hook: set it so it is never random.
      password: secrets.password,
      image: { pullPolicy: 'IfNotPresent' },
      service: { type: 'ClusterIP', port: PORT },
      ingress: settings.hostname
        ? {
            enabled: true,
            ...(settings.ingressClassName ? { ingressClassName: settings.ingressClassName } : {}),
            hosts: [{ host: settings.hostname, paths: ['/'] }],
            ...(settings.tlsSecretName
              ? { tls: [{ secretName: settings.tlsSecretName, hosts: [settings.hostname] }] }
              : {}),
          }
        : { enabled: false },
      persistence: {
        enabled: true,
        size: settings.storageSize,
        ...(settings.storageClass ? { storageClass: settings.storageClass } : {}),
      },
      resources: resources(settings),
    };
  },

  readiness(_settings, context) {
    return {
      timeoutSeconds: 600,
      workloads: [{ kind: 'Deployment', name: fullname(context.release, CHART) }],
      hooks: 'The password Secret is a pre-install hook (created before the Deployment).',
    };
  },

  urls: (settings, context) =>
    exposureUrls(settings, context, fullname(context.release, CHART), PORT),

  adminCredentials: (_settings, secrets) => ({ username: 'coder', password: secrets.password! }),
};
