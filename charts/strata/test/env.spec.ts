/**
 * The environment the chart gives each service is exactly what that service's zod config
 * schema reads: every name it sets is one the schema knows (a renamed variable fails here), and
 * every name the schema knows is set by the chart, settable through services.<name>.env, or
 * listed below with the reason the chart leaves it out (a new variable fails here until the chart
 * knows it: see /work/coord/chart.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { accountsConfigSchema } from '../../../services/accounts/src/config';
import { authConfigSchema } from '../../../services/auth/src/config';
import { cloudConfigSchema } from '../../../services/cloud/src/config';
import { clusterConfigSchema } from '../../../services/cluster/src/config';
import { gatewayConfigSchema } from '../../../services/gateway/src/config';
import { notifyConfigSchema } from '../../../services/notify/src/config';
import { CHART_DIR, render, stageChart, valuesFile, type K8sObject } from './helm';

const SCHEMAS: Record<string, z.ZodType> = {
  auth: authConfigSchema,
  accounts: accountsConfigSchema,
  cloud: cloudConfigSchema,
  cluster: clusterConfigSchema,
  notify: notifyConfigSchema,
  gateway: gatewayConfigSchema,
};

/** What the chart deliberately does not set, and why. */
const NOT_SET_BY_CHART: Record<string, Record<string, string>> = {
  auth: {
    AUTH_DEV_KEY_FILE: 'development master key file: the chart always sets AUTH_MASTER_KEYS',
  },
  cloud: {
    CLOUD_DEV_KEY_FILE: 'development master key file: the chart always sets CLOUD_MASTER_KEYS',
  },
  cluster: {
    CLUSTER_DEV_KEY_FILE: 'development master key file: the chart always sets CLUSTER_MASTER_KEYS',
    KUBECONFIG: 'in-cluster configuration (the ServiceAccount token) instead',
    KUBERNETES_SERVICE_HOST: 'set by the kubelet in every pod',
  },
};

/** The variable names a zod object schema reads, through refinements and transforms. */
export function schemaKeys(schema: z.ZodType): string[] {
  let current: unknown = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    const def = (current as { _zod?: { def?: { shape?: object; in?: unknown; schema?: unknown } } })
      ._zod?.def;
    if (def?.shape) return Object.keys(def.shape).sort();
    current = def?.in ?? def?.schema;
    if (!current) break;
  }
  throw new Error('not a zod object schema');
}

const schemaJson = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as {
  properties: {
    commonEnv: { properties: Record<string, unknown> };
    services: {
      properties: Record<string, { properties: { env: { properties: Record<string, unknown> } } }>;
    };
  };
};
/** Names every service takes from commonEnv, and those one service takes from its env. */
const common = Object.keys(schemaJson.properties.commonEnv.properties);
const own = (service: string) =>
  Object.keys(schemaJson.properties.services.properties[service].properties.env.properties);
const settable = (service: string) => [...common, ...own(service)];

let deployments: K8sObject[];
let configMaps: K8sObject[];

beforeAll(async () => {
  const chart = stageChart();
  // Every optional setting on: each settable variable given, tracing and Google on.
  const services = Object.fromEntries(
    Object.keys(SCHEMAS).map((name) => [
      name,
      { env: Object.fromEntries(own(name).map((k) => [k, '1'])) },
    ]),
  );
  const list = await render(chart, [
    '-f',
    path.join(chart, 'ci', 'default-values.yaml'),
    '-f',
    valuesFile({
      services,
      commonEnv: Object.fromEntries(common.map((k) => [k, '1'])),
      otlpEndpoint: 'http://otel:4318',
      google: { enabled: true, clientId: 'id', clientSecret: 'secret' },
    }),
  ]);
  deployments = list.filter((o) => o.kind === 'Deployment');
  configMaps = list.filter((o) => o.kind === 'ConfigMap');
});

/** The names one Deployment's container gets: its ConfigMap's keys and its env entries. */
function envNames(service: string): string[] {
  const deployment = deployments.find(
    (d) => d.metadata.labels?.['app.kubernetes.io/component'] === service,
  )!;
  const [container] = (
    deployment.spec as {
      template: {
        spec: {
          containers: {
            envFrom?: { configMapRef?: { name: string } }[];
            env?: { name: string }[];
          }[];
        };
      };
    }
  ).template.spec.containers;
  const names = (container.env ?? []).map((e) => e.name);
  for (const from of container.envFrom ?? []) {
    const cm = configMaps.find((c) => c.metadata.name === from.configMapRef?.name);
    if (!cm) throw new Error(`no ConfigMap ${from.configMapRef?.name}`);
    names.push(...Object.keys(cm.data as object));
  }
  return names.sort();
}

describe.each(Object.keys(SCHEMAS))('the %s Deployment environment', (service) => {
  it('sets no name the service does not read, and none twice', () => {
    const known = new Set(schemaKeys(SCHEMAS[service]));
    const names = envNames(service);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('covers every name the service reads (set, settable, or left out with a reason)', () => {
    const covered = new Set([
      ...envNames(service),
      ...Object.keys(NOT_SET_BY_CHART[service] ?? {}),
    ]);
    expect(schemaKeys(SCHEMAS[service]).filter((n) => !covered.has(n))).toEqual([]);
  });

  it('leaves out only names the service really reads', () => {
    const known = new Set(schemaKeys(SCHEMAS[service]));
    expect(Object.keys(NOT_SET_BY_CHART[service] ?? {}).filter((n) => !known.has(n))).toEqual([]);
    expect(settable(service).filter((n) => !known.has(n))).toEqual([]);
  });
});
