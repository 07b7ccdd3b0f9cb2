import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { JOB_PUPPET_COMMAND } from '../kubernetes/job-puppet';

/**
 * A stand-in for the Kubernetes API server, for what the cluster service's runner uses through
 * the real @kubernetes/client-node: create / get / list / delete of batch/v1 Jobs, v1 Pods and
 * v1 Secrets in a namespace, list with resourceVersion, watch (`?watch=true&resourceVersion=N`,
 * JSON lines ADDED / MODIFIED / DELETED; an ERROR event with code 410 for a compacted
 * resourceVersion), Pod logs with `follow=true`, and garbage collection of objects owned (through
 * ownerReferences) by a deleted Job. A created Job gets its Pod (Pending); tests drive the Pod,
 * directly or, as against a real cluster, by exec (WebSocket, `v4.channel.k8s.io`) of the orders
 * of the test job image `strata-job-puppet` (`log <text>`, `exit <code> <termination message>`)
 * in a running Pod. No scheduling, no containers: nothing else runs.
 */
type Obj = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ uid: string; kind: string; name: string }>;
    creationTimestamp?: string;
    [key: string]: unknown;
  };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  status?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  [key: string]: unknown;
};
type Kind = 'jobs' | 'pods' | 'secrets';
/** How long the stand-in's kubelet takes to start a Pod. */
const KUBELET_START_MS = 200;
type WatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: Obj; rv: number };

export interface EndOptions {
  podLagMs?: number;
  /**
   * The Pod's log streams end first (as the kubelet ends them when the container exits), and
   * the Pod's and the Job's ends are recorded that much later.
   */
  logLeadMs?: number;
}

export interface KubernetesApiStandIn {
  url: string;
  /** A kubeconfig file pointing at the stand-in (give it to the service as KUBECONFIG). */
  kubeconfigPath: string;
  jobs(namespace?: string): Obj[];
  pods(namespace?: string): Obj[];
  secrets(namespace?: string): Obj[];
  /** The Pod of a Job, once created. */
  podOf(jobName: string): Obj | undefined;
  /** Pod Running (Job active). */
  runPod(jobName: string): void;
  appendLog(jobName: string, text: string): void;
  /**
   * Pod Succeeded / Failed with a termination message; the Job Complete / Failed. By default the
   * Pod changes first, as in a cluster; `podLagMs` records the Job first and the Pod that much
   * later (the two watches are independent streams, so a client may see them in either order).
   */
  succeed(jobName: string, terminationMessage: string, options?: EndOptions): void;
  fail(jobName: string, terminationMessage: string, exitCode?: number, options?: EndOptions): void;
  /**
   * Deletes a Job as another actor would (kubectl delete, a TTL controller): its Pod and owned
   * Secret go with it (garbage collection). Answers whether it existed.
   */
  deleteJob(jobName: string, namespace?: string): boolean;
  /** Forgets the history so far: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void;
  /** How many watches were answered 410 Gone. */
  goneCount(): number;
  watchCount(): number;
  /**
   * Every request so far as `<METHOD> <path>`, with `?watch=true` kept on watches (exec upgrades
   * too): what the client asked of the API server, for checking RBAC rules against it.
   */
  requests(): string[];
  stop(): Promise<void>;
}

export interface KubernetesApiStandInOptions {
  /**
   * Play the kubelet's part in starting Pods: a Job's Pod goes Running on its own shortly after
   * it is created, as on a real cluster (the job's orders still come by exec). Off by default:
   * tests run each Pod when they choose.
   */
  kubelet?: boolean;
}

export async function startKubernetesApiStandIn(
  options: KubernetesApiStandInOptions = {},
): Promise<KubernetesApiStandIn> {
  const store: Record<Kind, Map<string, Obj>> = {
    jobs: new Map(),
    pods: new Map(),
    secrets: new Map(),
  };
  const history: Record<Kind, WatchEvent[]> = { jobs: [], pods: [], secrets: [] };
  const logs = new Map<string, string>(); // pod key -> text
  const logFollowers = new Map<string, Set<ServerResponse>>();
  const watchers = new Set<{ kind: Kind; ns: string; selector: string; res: ServerResponse }>();
  let rv = 1;
  let compactedAt = 0;
  let gone = 0;
  let watches = 0;
  const requests: string[] = [];
  const recordRequest = (method: string | undefined, url: URL) =>
    requests.push(
      `${method ?? 'GET'} ${url.pathname}${url.searchParams.get('watch') === 'true' ? '?watch=true' : ''}`,
    );

  const key = (ns: string, name: string) => `${ns}/${name}`;
  const matches = (obj: Obj, selector: string) =>
    selector === '' ||
    selector.split(',').every((term) => {
      const [k, v] = term.split('=');
      return obj.metadata.labels?.[k!] === v;
    });

  function record(kind: Kind, type: WatchEvent['type'], obj: Obj) {
    const ns = obj.metadata.namespace ?? 'default';
    if (type !== 'DELETED') {
      obj.metadata.resourceVersion = String(++rv);
      store[kind].set(key(ns, obj.metadata.name), obj);
    } else {
      store[kind].delete(key(ns, obj.metadata.name));
      obj = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
    }
    const event: WatchEvent = { type, object: structuredClone(obj), rv };
    history[kind].push(event);
    for (const w of watchers)
      if (w.kind === kind && w.ns === ns && matches(obj, w.selector))
        w.res.write(JSON.stringify({ type, object: event.object }) + '\n');
  }

  function createJobPod(job: Obj) {
    const ns = job.metadata.namespace!;
    const labels = {
      ...(job.spec?.template?.metadata?.labels ?? {}),
      'job-name': job.metadata.name,
      'batch.kubernetes.io/job-name': job.metadata.name,
    };
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${job.metadata.name}-${randomBytes(3).toString('hex').slice(0, 5)}`,
        namespace: ns,
        uid: randomUUID(),
        labels,
        creationTimestamp: new Date().toISOString(),
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: job.metadata.name,
            uid: job.metadata.uid!,
            controller: true,
          } as never,
        ],
      },
      spec: structuredClone(job.spec?.template?.spec ?? {}),
      status: { phase: 'Pending' },
    };
    logs.set(key(ns, pod.metadata.name), '');
    record('pods', 'ADDED', pod);
  }

  function deleteObj(kind: Kind, ns: string, name: string) {
    const obj = store[kind].get(key(ns, name));
    if (!obj) return undefined;
    record(kind, 'DELETED', obj);
    // Garbage collection: everything owned by the deleted object goes too.
    for (const k of ['pods', 'secrets', 'jobs'] as Kind[])
      for (const owned of [...store[k].values()])
        if (owned.metadata.ownerReferences?.some((o) => o.uid === obj.metadata.uid)) {
          deleteObj(k, owned.metadata.namespace!, owned.metadata.name);
        }
    if (kind === 'pods') endFollowers(key(ns, name));
    return obj;
  }

  function endFollowers(podKey: string) {
    for (const res of logFollowers.get(podKey) ?? []) res.end();
    logFollowers.delete(podKey);
  }

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const statusBody = (code: number, reason: string, message: string) => ({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason,
    code,
  });

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => resolve(data));
    });

  const NAMESPACE_ROUTE = /^\/api\/v1\/namespaces(?:\/([^/]+))?$/;
  /** Namespaces: created (nothing is checked against them), and deleted with all they hold. */
  async function namespaces(req: IncomingMessage, res: ServerResponse, name?: string) {
    if (req.method === 'POST' && !name) {
      const ns = JSON.parse(await readBody(req)) as Obj;
      return json(res, 201, { ...ns, metadata: { ...ns.metadata, uid: randomUUID() } });
    }
    if (req.method === 'DELETE' && name) {
      for (const kind of ['jobs', 'pods', 'secrets'] as Kind[])
        for (const obj of [...store[kind].values()])
          if (obj.metadata.namespace === name) deleteObj(kind, name, obj.metadata.name);
      return json(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
    }
    json(res, 405, statusBody(405, 'MethodNotAllowed', `${req.method} not supported`));
  }

  const ROUTE =
    /^\/(?:apis\/batch\/v1|api\/v1)\/namespaces\/([^/]+)\/(jobs|pods|secrets)(?:\/([^/]+))?(\/log)?$/;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      recordRequest(req.method, url);
      const match = ROUTE.exec(url.pathname);
      const namespaceRoute = NAMESPACE_ROUTE.exec(url.pathname);
      if (namespaceRoute) return namespaces(req, res, namespaceRoute[1]);
      if (!match) return json(res, 404, statusBody(404, 'NotFound', `no route ${url.pathname}`));
      const [, ns, kind, name, log] = match as unknown as [string, string, Kind, string?, string?];
      const selector = url.searchParams.get('labelSelector') ?? '';
      if (req.method === 'GET' && name && log) return podLog(res, ns, name, url);
      if (req.method === 'GET' && name) {
        const obj = store[kind].get(key(ns, name));
        return obj
          ? json(res, 200, obj)
          : json(res, 404, statusBody(404, 'NotFound', `${kind} "${name}" not found`));
      }
      if (req.method === 'GET' && url.searchParams.get('watch') === 'true')
        return watch(res, kind, ns, selector, Number(url.searchParams.get('resourceVersion') || 0));
      if (req.method === 'GET') {
        const items = [...store[kind].values()].filter(
          (o) => o.metadata.namespace === ns && matches(o, selector),
        );
        return json(res, 200, {
          apiVersion: kind === 'jobs' ? 'batch/v1' : 'v1',
          kind: kind === 'jobs' ? 'JobList' : kind === 'pods' ? 'PodList' : 'SecretList',
          metadata: { resourceVersion: String(rv) },
          items,
        });
      }
      if (req.method === 'POST') {
        const obj = JSON.parse(await readBody(req)) as Obj;
        obj.metadata.namespace = ns;
        if (store[kind].has(key(ns, obj.metadata.name)))
          return json(
            res,
            409,
            statusBody(409, 'AlreadyExists', `${kind} "${obj.metadata.name}" already exists`),
          );
        obj.metadata.uid = randomUUID();
        obj.metadata.creationTimestamp = new Date().toISOString();
        if (kind === 'secrets' && obj.stringData) {
          obj.data = Object.fromEntries(
            Object.entries(obj.stringData as Record<string, string>).map(([k, v]) => [
              k,
              Buffer.from(v).toString('base64'),
            ]),
          );
          delete obj.stringData;
        }
        if (kind === 'jobs') obj.status = {};
        record(kind, 'ADDED', obj);
        if (kind === 'jobs') createJobPod(obj);
        if (kind === 'jobs' && options.kubelet)
          setTimeout(() => {
            if (store.jobs.has(key(ns, obj.metadata.name))) api.runPod(obj.metadata.name);
          }, KUBELET_START_MS);
        return json(res, 201, obj);
      }
      if (req.method === 'DELETE' && name) {
        const deleted = deleteObj(kind, ns, name);
        return deleted
          ? json(res, 200, {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Success',
              details: { name, kind },
            })
          : json(res, 404, statusBody(404, 'NotFound', `${kind} "${name}" not found`));
      }
      json(res, 405, statusBody(405, 'MethodNotAllowed', `${req.method} not supported`));
    })().catch((error: unknown) => json(res, 500, statusBody(500, 'InternalError', String(error))));
  });

  function watch(res: ServerResponse, kind: Kind, ns: string, selector: string, from: number) {
    watches += 1;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders(); // as the API server does: the watch is open before any event
    if (from < compactedAt) {
      gone += 1;
      res.end(
        JSON.stringify({
          type: 'ERROR',
          object: statusBody(410, 'Expired', `too old resource version: ${from} (${compactedAt})`),
        }) + '\n',
      );
      return;
    }
    for (const event of history[kind])
      if (
        event.rv > from &&
        event.object.metadata.namespace === ns &&
        matches(event.object, selector)
      )
        res.write(JSON.stringify({ type: event.type, object: event.object }) + '\n');
    const watcher = { kind, ns, selector, res };
    watchers.add(watcher);
    res.on('close', () => watchers.delete(watcher));
  }

  function podLog(res: ServerResponse, ns: string, name: string, url: URL) {
    const podKey = key(ns, name);
    const pod = store.pods.get(podKey);
    if (!pod) return json(res, 404, statusBody(404, 'NotFound', `pods "${name}" not found`));
    res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    res.write(logs.get(podKey) ?? '');
    const phase = pod.status?.phase;
    if (url.searchParams.get('follow') !== 'true' || phase === 'Succeeded' || phase === 'Failed')
      return res.end();
    const set = logFollowers.get(podKey) ?? new Set();
    set.add(res);
    logFollowers.set(podKey, set);
    res.on('close', () => set.delete(res));
  }

  // Exec into a Pod's container: only the test job image's orders (strata-job-puppet) run.
  const EXEC_ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/;
  const execServer = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) =>
      protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    recordRequest(req.method, url);
    const match = EXEC_ROUTE.exec(url.pathname);
    const pod = match ? store.pods.get(key(match[1]!, match[2]!)) : undefined;
    const refuse = (status: string, message: string) => {
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\n\r\n${message}`);
    };
    if (!pod) return refuse('404 Not Found', 'no such pod');
    if (pod.status?.phase !== 'Running')
      return refuse('400 Bad Request', 'container not found ("job"): the pod is not running');
    execServer.handleUpgrade(req, socket, head, (ws) =>
      exec(ws, pod, url.searchParams.getAll('command')),
    );
  });

  function exec(ws: WebSocket, pod: Obj, argv: string[]) {
    const jobName = pod.metadata.labels?.['job-name'] ?? '';
    const [command, order, ...args] = argv;
    let exitCode = 0;
    if (command !== JOB_PUPPET_COMMAND) exitCode = 127;
    else if (order === 'log' && args.length === 1) api.appendLog(jobName, args[0]!);
    else if (order === 'exit' && args.length === 2) {
      const code = Number(args[0]);
      if (code === 0) api.succeed(jobName, args[1]!);
      else api.fail(jobName, args[1]!, code);
    } else exitCode = 64;
    const status =
      exitCode === 0
        ? { metadata: {}, status: 'Success' }
        : {
            metadata: {},
            status: 'Failure',
            message: `command terminated with non-zero exit code: ${exitCode}`,
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
          };
    ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(status))]), () =>
      ws.close(1000),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = path.join(
    tmpdir(),
    `strata-kubeconfig-${process.pid}-${randomBytes(4).toString('hex')}.yaml`,
  );
  await writeFile(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: stand-in',
      `  cluster: { server: "${url}", insecure-skip-tls-verify: true }`,
      'users:',
      '- name: stand-in',
      '  user: { token: stand-in-token }',
      'contexts:',
      '- name: stand-in',
      '  context: { cluster: stand-in, user: stand-in, namespace: strata-runs }',
      'current-context: stand-in',
      '',
    ].join('\n'),
  );

  const jobByName = (jobName: string) => {
    const job = [...store.jobs.values()].find((j) => j.metadata.name === jobName);
    if (!job) throw new Error(`no job ${jobName}`);
    return job;
  };
  const podOf = (jobName: string) =>
    [...store.pods.values()].find((p) => p.metadata.labels?.['job-name'] === jobName);
  const requirePod = (jobName: string) => {
    const pod = podOf(jobName);
    if (!pod) throw new Error(`no pod for job ${jobName}`);
    return pod;
  };
  const end = (
    jobName: string,
    succeeded: boolean,
    message: string,
    exitCode: number,
    options: EndOptions = {},
  ) => {
    const pod = structuredClone(requirePod(jobName));
    const container = pod.spec?.containers?.[0]?.name ?? 'job';
    pod.status = {
      phase: succeeded ? 'Succeeded' : 'Failed',
      containerStatuses: [
        {
          name: container,
          ready: false,
          restartCount: 0,
          image: pod.spec?.containers?.[0]?.image ?? '',
          imageID: '',
          state: { terminated: { exitCode, reason: succeeded ? 'Completed' : 'Error', message } },
        },
      ],
    };
    const recordPod = () => {
      record('pods', 'MODIFIED', pod);
      endFollowers(key(pod.metadata.namespace!, pod.metadata.name));
    };
    const job = structuredClone(jobByName(jobName));
    const now = new Date().toISOString();
    job.status = {
      active: 0,
      ...(succeeded ? { succeeded: 1 } : { failed: 1 }),
      conditions: [
        succeeded
          ? { type: 'Complete', status: 'True', lastTransitionTime: now }
          : {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
              lastTransitionTime: now,
            },
      ],
    };
    const recordJob = () => record('jobs', 'MODIFIED', job);
    if (options.logLeadMs !== undefined) {
      endFollowers(key(pod.metadata.namespace!, pod.metadata.name));
      setTimeout(() => {
        recordPod();
        recordJob();
      }, options.logLeadMs);
      return;
    }
    if (options.podLagMs === undefined) recordPod();
    else setTimeout(recordPod, options.podLagMs);
    recordJob();
  };

  const api: KubernetesApiStandIn = {
    url,
    kubeconfigPath,
    jobs: (ns = 'strata-runs') =>
      [...store.jobs.values()].filter((o) => o.metadata.namespace === ns),
    pods: (ns = 'strata-runs') =>
      [...store.pods.values()].filter((o) => o.metadata.namespace === ns),
    secrets: (ns = 'strata-runs') =>
      [...store.secrets.values()].filter((o) => o.metadata.namespace === ns),
    podOf,
    runPod(jobName) {
      const pod = structuredClone(requirePod(jobName));
      pod.status = { phase: 'Running', startTime: new Date().toISOString() };
      record('pods', 'MODIFIED', pod);
      const job = structuredClone(jobByName(jobName));
      job.status = { active: 1, startTime: new Date().toISOString() };
      record('jobs', 'MODIFIED', job);
    },
    appendLog(jobName, text) {
      const pod = requirePod(jobName);
      const podKey = key(pod.metadata.namespace!, pod.metadata.name);
      logs.set(podKey, (logs.get(podKey) ?? '') + text);
      for (const res of logFollowers.get(podKey) ?? []) res.write(text);
    },
    succeed: (jobName, message, options) => end(jobName, true, message, 0, options),
    fail: (jobName, message, exitCode = 1, options) =>
      end(jobName, false, message, exitCode, options),
    deleteJob: (jobName, namespace = 'strata-runs') =>
      deleteObj('jobs', namespace, jobName) !== undefined,
    compact() {
      rv += 1;
      compactedAt = rv;
      for (const kind of Object.keys(history) as Kind[]) history[kind] = [];
      for (const w of watchers) w.res.destroy();
      watchers.clear();
    },
    goneCount: () => gone,
    watchCount: () => watches,
    requests: () => [...requests],
    async stop() {
      for (const w of watchers) w.res.destroy();
      for (const set of logFollowers.values()) for (const res of set) res.destroy();
      for (const ws of execServer.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
