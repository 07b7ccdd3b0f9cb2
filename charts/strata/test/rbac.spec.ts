/**
 * The cluster service's Role is exactly what its Kubernetes runner asks of the API server: the
 * real KubernetesRunner (services/cluster/src/runner) is driven through every path it has
 * (informer list and watch of Jobs and Pods, Job and credentials Secret create, AlreadyExists
 * on both, the Pod log stream, cancel, reconcile of a vanished Job) against the Kubernetes API
 * stand-in, each request is turned into the RBAC (apiGroup, resource, verb) it needs, and that
 * set must equal the rules of the Role the chart renders. A new call in the runner (a patch, a
 * list of Secrets) fails here until the Role allows it; a verb the runner stopped using fails
 * here until the Role drops it.
 */
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Observation } from '../../../services/cluster/src/clusters/cluster-state';
import { buildJob } from '../../../services/cluster/src/runner/job-manifest';
import { jobNameFor, type RunSpec } from '../../../services/cluster/src/runner/job-runner';
import { KubernetesRunner } from '../../../services/cluster/src/runner/kubernetes-runner';
import {
  startKubernetesApiStandIn,
  type KubernetesApiStandIn,
} from '../../../libs/testing/src/stand-ins/kubernetes-api.stand-in';
import { render, stageChart, type K8sObject } from './helm';
import { restrictedViolations, type PodSpecLike } from './pod-security';

const NAMESPACE = 'strata-runs';

/** `GET /apis/batch/v1/namespaces/ns/jobs?watch=true` -> `batch jobs watch in ns`. */
export function rbacOf(request: string): { rule: string; namespace: string } {
  const [method, target] = request.split(' ');
  const match =
    /^\/(?:apis\/([^/]+)\/[^/]+|api\/v1)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/?]+))?(?:\/([a-z]+))?(\?watch=true)?$/.exec(
      target,
    );
  if (!match) throw new Error(`not a namespaced resource request: ${request}`);
  const [, group = '', namespace, resource, name, subresource, watch] = match;
  const verb =
    method === 'GET'
      ? name
        ? 'get'
        : watch
          ? 'watch'
          : 'list'
      : method === 'POST'
        ? 'create'
        : method === 'DELETE'
          ? name
            ? 'delete'
            : 'deletecollection'
          : method === 'PUT'
            ? 'update'
            : method === 'PATCH'
              ? 'patch'
              : `unknown ${method}`;
  return {
    rule: `${group}|${resource}${subresource ? `/${subresource}` : ''}|${verb}`,
    namespace,
  };
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
const expand = (rules: Rule[]) =>
  rules.flatMap((r) =>
    r.apiGroups.flatMap((g) =>
      r.resources.flatMap((res) => r.verbs.map((v) => `${g}|${res}|${v}`)),
    ),
  );

/** Resolves once `check` holds, testing it on every turn of the event loop's timers. */
async function until(check: () => boolean, what: string, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the cluster service Role', () => {
  let standIn: KubernetesApiStandIn;
  let role: K8sObject;

  beforeAll(async () => {
    const chart = stageChart();
    const list = await render(chart, ['-f', path.join(chart, 'ci', 'default-values.yaml')]);
    role = list.find((o) => o.kind === 'Role')!;
    standIn = await startKubernetesApiStandIn();
  });
  afterAll(() => standIn.stop());

  it('maps API requests to the RBAC verbs they need', () => {
    expect(rbacOf('GET /apis/batch/v1/namespaces/r/jobs?watch=true')).toEqual({
      rule: 'batch|jobs|watch',
      namespace: 'r',
    });
    expect(rbacOf('GET /api/v1/namespaces/r/pods')).toEqual({ rule: '|pods|list', namespace: 'r' });
    expect(rbacOf('GET /api/v1/namespaces/r/pods/p-1/log').rule).toBe('|pods/log|get');
    expect(rbacOf('DELETE /apis/batch/v1/namespaces/r/jobs/j').rule).toBe('batch|jobs|delete');
    expect(rbacOf('PATCH /api/v1/namespaces/r/secrets/s').rule).toBe('|secrets|patch');
    expect(() => rbacOf('GET /api/v1/nodes')).toThrow(/not a namespaced/);
  });

  it('allows exactly what the Kubernetes runner asks of the API server, in the runs namespace only', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(standIn.kubeconfigPath);
    const runner = new KubernetesRunner(kc, {
      namespace: NAMESPACE,
      imageFor: () => 'strata/provisioner-aws:0.1.0',
      job: {
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 600,
        runAsUser: 10001,
        resources: {
          cpuRequest: '100m',
          memoryRequest: '128Mi',
          cpuLimit: '1',
          memoryLimit: '1Gi',
        },
      },
    });
    const observed: { runId: string; observation: Observation }[] = [];
    let log = '';
    await runner.begin({
      observe: async (runId, observation) => {
        observed.push({ runId, observation });
      },
      openLog: () => ({ write: (text) => (log += text), end: async () => undefined }),
    });
    try {
      const runId = '5b1d3c1e-7a6f-4c51-9d3e-1f2a3b4c5d6e';
      const spec: RunSpec = {
        runId,
        clusterId: '0c9e6d1a-2b3c-4d5e-8f70-112233445566',
        orgId: '7d8e9f00-1a2b-4c3d-9e4f-aabbccddeeff',
        provider: 'aws',
        action: 'apply',
        jobName: jobNameFor('apply', runId),
        params: { CLUSTER_NAME: 'data' },
        credentials: { AWS_ACCESS_KEY_ID: 'AKIA-test', AWS_SECRET_ACCESS_KEY: 'test' },
      };
      await runner.start(spec);
      await runner.start(spec); // AlreadyExists: the Job is read, the Secret's 409 accepted
      standIn.runPod(spec.jobName);
      standIn.appendLog(spec.jobName, 'tofu apply\n');
      await until(() => log.includes('tofu apply'), 'the log stream');
      standIn.succeed(spec.jobName, JSON.stringify({ outputs: { endpoint: 'https://k' } }));
      await until(
        () => observed.some((o) => o.runId === runId && o.observation.kind === 'succeeded'),
        'the run to succeed',
      );
      await runner.cancel({ runId, jobName: spec.jobName }, 0);
      const lost = 'a0000000-0000-4000-8000-000000000000';
      await runner.reconcile([{ runId: lost, jobName: jobNameFor('destroy', lost) }]);
      await until(
        () => observed.some((o) => o.runId === lost && o.observation.kind === 'vanished'),
        'the vanished run',
      );
    } finally {
      await runner.stop();
    }

    const asked = standIn.requests().map(rbacOf);
    expect(asked.length).toBeGreaterThan(8);
    expect([...new Set(asked.map((a) => a.namespace))]).toEqual([NAMESPACE]);
    expect(role.metadata.namespace).toBe(NAMESPACE);
    expect([...new Set(expand(role.rules as Rule[]))].sort()).toEqual(
      [...new Set(asked.map((a) => a.rule))].sort(),
    );
  });
});

describe('the runs namespace', () => {
  it("enforces the restricted Pod Security profile, which the runner's Jobs meet", async () => {
    const chart = stageChart();
    const list = await render(chart, ['-f', path.join(chart, 'ci', 'default-values.yaml')]);
    const namespace = list.find((o) => o.kind === 'Namespace' && o.metadata.name === NAMESPACE)!;
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const settings = {
      namespace: NAMESPACE,
      image: 'strata/sandbox-job:0.1.0',
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 600,
      runAsUser: 10001,
      resources: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '1', memoryLimit: '1Gi' },
    };
    const runId = '5b1d3c1e-7a6f-4c51-9d3e-1f2a3b4c5d6e';
    const spec: RunSpec = {
      runId,
      clusterId: '0c9e6d1a-2b3c-4d5e-8f70-112233445566',
      orgId: '7d8e9f00-1a2b-4c3d-9e4f-aabbccddeeff',
      provider: 'sandbox',
      action: 'apply',
      jobName: jobNameFor('apply', runId),
      params: {},
      credentials: { TOKEN: 'x' },
    };
    const jobs = [
      buildJob(spec, settings),
      buildJob(
        { ...spec, action: 'install', appId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
        { ...settings, command: ['node', '/opt/strata/sandbox-installer.mjs'] },
      ),
    ];
    for (const job of jobs)
      expect(restrictedViolations(job.spec!.template.spec as PodSpecLike)).toEqual([]);
    // The check can fail: a container that keeps its capabilities and the default seccomp.
    const loose = structuredClone(jobs[0].spec!.template.spec!) as PodSpecLike;
    delete loose.securityContext!.seccompProfile;
    delete loose.containers[0].securityContext!.seccompProfile;
    delete loose.containers[0].securityContext!.capabilities;
    expect(restrictedViolations(loose)).toEqual([
      'container job: seccomp',
      'container job: capabilities not dropped',
    ]);
  });
});
