import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';

/** A manifest as the client sent it (the body of a create). */
export type SentManifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface KubernetesApiProxy {
  url: string;
  /** A kubeconfig pointing at the proxy (plain HTTP on loopback; the proxy authenticates upstream). */
  kubeconfigPath: string;
  /** The bodies of the creates that went through, in order, by resource (`jobs`, `secrets`, …). */
  sent(resource: string): SentManifest[];
  /** Cuts every open watch, as a dropped connection would: the client resumes from its resourceVersion. */
  breakWatches(): void;
  /** Ends every open watch with a 410 Gone ERROR event, as the API server does for a compacted resourceVersion. */
  injectGone(): void;
  /** Watches opened through the proxy so far. */
  watchCount(): number;
  /** Reads of a Pod's log (`GET …/pods/<name>/log`) that went through, followed or not. */
  logReads(podName: string): number;
  /** 410 Gone ERROR events delivered so far (the upstream's and the injected ones). */
  goneCount(): number;
  stop(): Promise<void>;
}

interface OpenWatch {
  res: ServerResponse;
  upstream: ClientRequest;
  /** Ended by the proxy: nothing more from upstream reaches the client. */
  cut: boolean;
}

const LOG_ROUTE = /^\/api\/v1\/namespaces\/[^/]+\/pods\/([^/]+)\/log$/;
const CREATE_ROUTE = /^\/(?:apis\/[^/]+\/[^/]+|api\/v1)\/namespaces\/[^/]+\/([a-z]+)$/;
const GONE_EVENT = JSON.stringify({
  type: 'ERROR',
  object: {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'too old resource version (injected by the test proxy)',
    reason: 'Expired',
    code: 410,
  },
});

const isGoneLine = (line: string) => {
  if (!line.includes('"ERROR"')) return false;
  try {
    const event = JSON.parse(line) as { type?: string; object?: { code?: number } };
    return event.type === 'ERROR' && event.object?.code === 410;
  } catch {
    return false;
  }
};

/**
 * A pass-through proxy in front of a Kubernetes API server (the stand-in, or the cluster of a
 * kubeconfig, like `kubectl proxy`), for tests that must do to a real API server what a real
 * network and etcd do on their own: break watches, answer 410 Gone. It also keeps the create
 * bodies as sent, since a real API server returns objects with its defaults filled in.
 */
export async function startKubernetesApiProxy(upstream: KubeConfig): Promise<KubernetesApiProxy> {
  const cluster = upstream.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const target = new URL(cluster.server);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const base: RequestOptions = {};
  await upstream.applyToHTTPSOptions(base); // CA, client certificate, bearer token
  const sent = new Map<string, SentManifest[]>();
  const logReads = new Map<string, number>();
  const open = new Set<OpenWatch>();
  let watches = 0;
  let gone = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', target);
    const isWatch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined && !['host', 'accept-encoding', 'connection'].includes(name))
        headers[name] = value;
    Object.assign(headers, (base.headers ?? {}) as Record<string, string>);
    headers['content-length'] = String(body.length);
    const upstreamReq = send(
      {
        ...base,
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`,
        method: req.method,
        headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (!isWatch) return upstreamRes.pipe(res);
        res.flushHeaders();
        const watch: OpenWatch = { res, upstream: upstreamReq, cut: false };
        open.add(watch);
        let partial = '';
        upstreamRes.on('data', (chunk: Buffer) => {
          if (watch.cut) return;
          partial += chunk.toString('utf8');
          const lines = partial.split('\n');
          partial = lines.pop()!;
          for (const line of lines) if (isGoneLine(line)) gone += 1;
          res.write(chunk);
        });
        upstreamRes.on('end', () => {
          open.delete(watch);
          if (!watch.cut) res.end();
        });
        // An upstream that drops the watch drops it for the client too.
        upstreamRes.on('close', () => {
          open.delete(watch);
          if (!watch.cut && !res.writableEnded) res.destroy();
        });
        upstreamRes.on('error', () => undefined);
        res.on('close', () => {
          open.delete(watch);
          upstreamReq.destroy();
        });
      },
    );
    if (isWatch) watches += 1;
    upstreamReq.on('error', (error) => {
      if (res.writableEnded) return;
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 502, message: `proxy: ${error.message}` }));
    });
    upstreamReq.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const log = req.method === 'GET' ? LOG_ROUTE.exec(req.url?.split('?')[0] ?? '') : null;
      if (log) logReads.set(log[1]!, (logReads.get(log[1]!) ?? 0) + 1);
      const create = req.method === 'POST' ? CREATE_ROUTE.exec(req.url?.split('?')[0] ?? '') : null;
      if (create && body.length > 0) {
        const list = sent.get(create[1]!) ?? [];
        list.push(JSON.parse(body.toString('utf8')) as SentManifest);
        sent.set(create[1]!, list);
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigPath = path.join(
    tmpdir(),
    `strata-kubeconfig-proxy-${process.pid}-${randomBytes(4).toString('hex')}.yaml`,
  );
  const namespace = upstream.getContextObject(upstream.getCurrentContext())?.namespace;
  await writeFile(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: proxy',
      // client-node refuses plain http unless told to skip TLS verification (there is no TLS).
      `  cluster: { server: "${url}", insecure-skip-tls-verify: true }`,
      'users:',
      '- name: proxy',
      '  user: {}',
      'contexts:',
      '- name: proxy',
      `  context: { cluster: proxy, user: proxy${namespace ? `, namespace: ${namespace}` : ''} }`,
      'current-context: proxy',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );

  return {
    url,
    kubeconfigPath,
    sent: (resource) => [...(sent.get(resource) ?? [])],
    breakWatches() {
      for (const watch of open) {
        watch.cut = true;
        watch.res.destroy();
        watch.upstream.destroy();
      }
      open.clear();
    },
    injectGone() {
      for (const watch of open) {
        watch.cut = true;
        gone += 1;
        watch.res.end(GONE_EVENT + '\n');
        watch.upstream.destroy();
      }
      open.clear();
    },
    watchCount: () => watches,
    logReads: (podName) => logReads.get(podName) ?? 0,
    goneCount: () => gone,
    async stop() {
      for (const watch of open) watch.upstream.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
