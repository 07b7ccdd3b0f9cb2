import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A stand-in for the Kubernetes API server as `helm template --dry-run=server` talks to it: the
 * discovery documents Helm and client-go ask for (`/version`, `/api`, `/apis`, `/api/v1`,
 * `/apis/<group>/<version>` for the built-in kinds a chart uses) and
 * GET of the v1 Secrets and ConfigMaps it was given, which is what a chart's `lookup` reads. Any
 * other request is answered 404 and recorded (a test can assert that rendering wrote nothing).
 */
export interface KubernetesLookupStandIn {
  url: string;
  /** A kubeconfig file pointing at the stand-in. */
  kubeconfigPath: string;
  /** Every request, as `METHOD path`. */
  requests: string[];
  close(): Promise<void>;
}

type Obj = { kind: string; metadata: { name: string; namespace: string }; [key: string]: unknown };

/** The API groups a chart's objects may name (discovery is how Helm maps kinds to resources). */
const GROUPS: Record<string, [string, string, boolean][]> = {
  v1: [
    ['secrets', 'Secret', true],
    ['configmaps', 'ConfigMap', true],
    ['services', 'Service', true],
    ['serviceaccounts', 'ServiceAccount', true],
    ['pods', 'Pod', true],
    ['persistentvolumeclaims', 'PersistentVolumeClaim', true],
    ['namespaces', 'Namespace', false],
  ],
  'apps/v1': [
    ['deployments', 'Deployment', true],
    ['statefulsets', 'StatefulSet', true],
  ],
  'batch/v1': [['jobs', 'Job', true]],
  'networking.k8s.io/v1': [
    ['networkpolicies', 'NetworkPolicy', true],
    ['ingresses', 'Ingress', true],
  ],
  'rbac.authorization.k8s.io/v1': [
    ['roles', 'Role', true],
    ['rolebindings', 'RoleBinding', true],
  ],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true]],
  'autoscaling/v2': [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', true]],
};

const resourceList = (groupVersion: string) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion,
  resources: GROUPS[groupVersion].map(([name, kind, namespaced]) => ({
    name,
    singularName: kind.toLowerCase(),
    namespaced,
    kind,
    verbs: ['get', 'list'],
  })),
});

const groupList = () => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: Object.keys(GROUPS)
    .filter((gv) => gv.includes('/'))
    .map((gv) => {
      const [name, version] = gv.split('/');
      const preferred = { groupVersion: gv, version };
      return { name, versions: [preferred], preferredVersion: preferred };
    }),
});

const OBJECT_ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/(secrets|configmaps)\/([^/]+)$/;

export async function startKubernetesLookupStandIn(
  objects: Obj[],
): Promise<KubernetesLookupStandIn> {
  const requests: string[] = [];
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) =>
    json(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: `${what} not found`,
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(`${req.method} ${url.pathname}`);
    if (req.method !== 'GET') return notFound(res, url.pathname);
    switch (url.pathname) {
      case '/version':
        return json(res, 200, {
          major: '1',
          minor: '33',
          gitVersion: 'v1.33.0',
          platform: 'linux/amd64',
        });
      case '/api':
        return json(res, 200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [],
        });
      case '/apis':
        return json(res, 200, groupList());
      case '/api/v1':
        return json(res, 200, resourceList('v1'));
    }
    const group = /^\/apis\/([^/]+\/[^/]+)$/.exec(url.pathname)?.[1];
    if (group && GROUPS[group]) return json(res, 200, resourceList(group));
    const match = OBJECT_ROUTE.exec(url.pathname);
    if (!match) return notFound(res, url.pathname);
    const [, namespace, resource, name] = match;
    const kind = resource === 'secrets' ? 'Secret' : 'ConfigMap';
    const found = objects.find(
      (o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name,
    );
    if (!found) return notFound(res, `${resource} "${name}"`);
    return json(res, 200, { apiVersion: 'v1', ...found });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = path.join(mkdtempSync(path.join(tmpdir(), 'kube-lookup-')), 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: stand-in`,
      `  cluster: { server: "${url}" }`,
      'users:',
      '- name: stand-in',
      '  user: { token: stand-in }',
      'contexts:',
      '- name: stand-in',
      '  context: { cluster: stand-in, user: stand-in }',
      'current-context: stand-in',
      '',
    ].join('\n'),
  );
  return {
    url,
    kubeconfigPath,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
