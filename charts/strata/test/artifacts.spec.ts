/**
 * The images, skaffold.yaml and the generated values reference agree with each other and with
 * the chart: every image has a Dockerfile target or path, skaffold builds every image and sets
 * each image value the chart reads, and docs/install.md carries the current values table.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { IMAGES } from '../../../scripts/images/images.mjs';
import { renderValuesTable } from '../../../scripts/lib/values-doc.mjs';
import { CHART_DIR, REPO, parseManifests } from './helm';
import { unknownFields } from './kubernetes-fields';
import { validateObject } from './kubernetes-schemas';

const read = (file: string) => readFileSync(path.join(REPO, file), 'utf8');

interface Artifact {
  image: string;
  context: string;
  docker: { dockerfile: string; target?: string; buildArgs?: Record<string, string> };
  hooks?: { before?: { command: string[]; os: string[] }[] };
}
interface Release {
  setValueTemplates: Record<string, string>;
  valuesFiles?: string[];
}
const skaffold = parse(read('skaffold.yaml')) as {
  build: { artifacts: Artifact[] };
  deploy: { helm: { releases: Release[] } };
  profiles: {
    name: string;
    patches: { op: string; path: string }[];
    deploy: { helm: { releases: Release[] } };
  }[];
};

/** skaffold's template variable for an image: non-alphanumerics become underscores. */
const fullyQualified = (image: string) =>
  `{{.IMAGE_FULLY_QUALIFIED_${image.replace(/[^A-Za-z0-9]/g, '_')}}}`;

const SERVICES = ['auth', 'accounts', 'cloud', 'cluster', 'notify', 'gateway'];
const RUN_IMAGES: Record<string, string> = {
  sandbox: 'sandbox-job',
  aws: 'provisioner-aws',
  azure: 'provisioner-azure',
  gcp: 'provisioner-gcp',
};

describe('images', () => {
  it('the root Dockerfile has one target per service, each running its dist/main.js as non-root under tini', () => {
    const dockerfile = read('Dockerfile');
    for (const name of SERVICES) {
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${name}$`, 'm'));
      expect(dockerfile).toContain(`RUN node scripts/images/assemble.mjs ${name} /out`);
      expect(dockerfile).toContain(`WORKDIR /app/services/${name}`);
    }
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    const ignored = read('.dockerignore').split('\n');
    // Built in the image, not copied from the host; no development keys or env files in it.
    for (const pattern of ['**/node_modules', '**/dist', '**/.strata', '**/.env', '**/.env.*'])
      expect(ignored).toContain(pattern);
  });

  it('lists every contract image with its Dockerfile path', () => {
    expect(IMAGES.map((i) => i.name).sort()).toEqual(
      [
        ...SERVICES,
        'sandbox-job',
        'provisioner-aws',
        'provisioner-azure',
        'provisioner-gcp',
        'app-installer',
      ].sort(),
    );
    expect(IMAGES.find((i) => i.name === 'provisioner-gcp')).toMatchObject({
      dockerfile: 'provisioners/Dockerfile',
      context: 'provisioners',
      buildArgs: { MODULE: 'gcp-gke' },
    });
    expect(IMAGES.find((i) => i.name === 'app-installer')).toMatchObject({
      dockerfile: 'installer/Dockerfile',
    });
  });
});

describe('skaffold.yaml', () => {
  it('builds every image as an artifact from its Dockerfile (and target)', () => {
    const artifacts = skaffold.build.artifacts.map((a) => ({
      name: a.image.replace(/^strata\//, ''),
      context: a.context,
      dockerfile: path.join(a.context, a.docker.dockerfile),
      target: a.docker.target,
      buildArgs: a.docker.buildArgs,
    }));
    expect(artifacts).toEqual(
      IMAGES.map((i) => ({
        name: i.name,
        context: i.context,
        dockerfile: path.normalize(i.dockerfile),
        target: i.target,
        buildArgs: i.buildArgs,
      })),
    );
  });

  it('builds provisioners/dist on the host before a provisioner image (it copies the entrypoint)', () => {
    for (const a of skaffold.build.artifacts.filter((a) => a.image.includes('provisioner-')))
      expect(a.hooks?.before).toEqual([
        { command: ['npm', 'run', 'build', '-w', 'provisioners'], os: ['darwin', 'linux'] },
      ]);
    expect(IMAGES.filter((i) => i.hostBuild).map((i) => i.name)).toEqual([
      'provisioner-aws',
      'provisioner-azure',
      'provisioner-gcp',
    ]);
  });

  it('sets every image value of the chart from the built artifacts', () => {
    const [release] = skaffold.deploy.helm.releases;
    for (const name of SERVICES)
      expect(release.setValueTemplates[`services.${name}.image`]).toBe(
        fullyQualified(`strata/${name}`),
      );
    for (const [provider, image] of Object.entries(RUN_IMAGES))
      expect(release.setValueTemplates[`services.cluster.providers.${provider}.image`]).toBe(
        fullyQualified(`strata/${image}`),
      );
    expect(release.setValueTemplates['services.cluster.appInstaller.image']).toBe(
      fullyQualified('strata/app-installer'),
    );
    // Every key names a value the chart has.
    const values = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const key of Object.keys(release.setValueTemplates)) {
      const value = key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], values);
      expect({ key, value }).toEqual({ key, value: '' });
    }
  });

  it('has a kind profile: sandbox images only, the kind values file', () => {
    const kind = skaffold.profiles.find((p) => p.name === 'kind')!;
    const kept = [...skaffold.build.artifacts];
    for (const patch of kind.patches) kept.splice(Number(patch.path.split('/').pop()), 1);
    expect(kept.map((a) => a.image)).toEqual(
      [...SERVICES, 'sandbox-job'].map((n) => `strata/${n}`),
    );
    const [release] = kind.deploy.helm.releases;
    expect(release.valuesFiles).toEqual(['charts/strata/ci/kind-values.yaml']);
    expect(release.setValueTemplates['services.cluster.providers.sandbox.image']).toBe(
      fullyQualified('strata/sandbox-job'),
    );
    const values = parse(readFileSync(path.join(CHART_DIR, 'ci', 'kind-values.yaml'), 'utf8')) as {
      nats: { enabled: boolean; config: { cluster: { enabled: boolean } } };
      services: { cluster: { runner: string } };
    };
    expect(values.nats.enabled).toBe(true);
    expect(values.nats.config.cluster.enabled).toBe(false);
    expect(values.services.cluster.runner).toBe('kubernetes');
  });
});

describe('the kind PostgreSQL example', () => {
  it('is what kind-values.yaml points at and lets in (docs/examples/kind-postgres.yaml)', () => {
    const objects = parseManifests(read('docs/examples/kind-postgres.yaml'));
    for (const o of objects) expect(validateObject(o)).toEqual([]);
    expect(unknownFields(objects)).toEqual([]);
    const service = objects.find((o) => o.kind === 'Service')!;
    const pod = objects.find((o) => o.kind === 'Pod')!;
    const values = parse(readFileSync(path.join(CHART_DIR, 'ci', 'kind-values.yaml'), 'utf8')) as {
      database: { url: string };
      networkPolicy: {
        postgres: {
          port: number;
          namespaceSelector: { matchLabels: Record<string, string> };
          podSelector: { matchLabels: Record<string, string> };
        };
      };
    };
    const url = new URL(values.database.url);
    expect(url.hostname).toBe(`${service.metadata.name}.${service.metadata.namespace}.svc`);
    expect(Number(url.port)).toBe(values.networkPolicy.postgres.port);
    expect((service.spec as { ports: { port: number }[] }).ports[0].port).toBe(
      values.networkPolicy.postgres.port,
    );
    expect(values.networkPolicy.postgres.namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': pod.metadata.namespace,
    });
    expect(pod.metadata.labels).toMatchObject(
      values.networkPolicy.postgres.podSelector.matchLabels,
    );
    // The copy in docs/install.md is the file.
    const doc = read('docs/install.md');
    const start = doc.indexOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: postgres');
    expect(start).toBeGreaterThan(0);
    expect(parseManifests(doc.slice(start, doc.indexOf('```', start)))).toEqual(objects);
  });
});

describe('docs/install.md', () => {
  it('carries the values reference generated from values.schema.json (npm run chart:docs)', async () => {
    const table = renderValuesTable(
      readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8'),
      readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8'),
    );
    expect(table).toContain('| `services.cluster.runner` |');
    expect(read('docs/install.md')).toContain('| `services.cluster.runner`');
    const check = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(
        process.execPath,
        ['scripts/chart-docs.mjs', '--check'],
        { cwd: REPO },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }),
      ),
    );
    expect(check).toEqual({ code: 0, output: 'chart:docs: docs/install.md is current\n' });
  });
});
