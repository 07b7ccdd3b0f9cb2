import { Controller, Get, Inject, Logger, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from '@strata/config';
import { Api } from '../openapi/api.decorator';
import type { Request, Response } from 'express';
import type { SpanContext } from '@opentelemetry/api';
import { badRequest, notFound, tooManyRequests } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { pushEvent } from '@strata/proto';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { eventStreamSecurityHeaders } from '../http/security-headers';
import { endRequestSpan } from '../http/trace-requests.middleware';
import { ClusterLogFeed, type LogPage } from './cluster-log-feed';
import { parseLastEventId } from './push-sequencer';
import { Backlog, SseConnection } from './sse-connection';
import { SseFrame } from './sse-frame';
import { SseHub } from './sse-hub';
import { SseSink } from './sse-sink';
import { recordStreamEnd } from './stream-end-span';
import { detachRequestLog, releaseRequest } from './release-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?cluster=<id>` and `?logAfter=<runId>:<offset>` (where a previous stream's log stopped). */
function parseLogQuery(query: Request['query']): {
  clusterId?: string;
  runId?: string;
  after: number;
} {
  const cluster = query.cluster;
  const logAfter = query.logAfter;
  if (cluster === undefined) {
    if (logAfter !== undefined)
      throw badRequest('gateway.invalid_query', 'logAfter needs cluster.');
    return { after: 0 };
  }
  if (typeof cluster !== 'string' || !UUID.test(cluster))
    throw badRequest('gateway.invalid_query', 'cluster must be a cluster id.');
  if (logAfter === undefined) return { clusterId: cluster, after: 0 };
  const m = typeof logAfter === 'string' ? /^([0-9a-f-]{36}):(\d{1,15})$/i.exec(logAfter) : null;
  if (!m || !UUID.test(m[1]))
    throw badRequest('gateway.invalid_query', 'logAfter must be <runId>:<byte offset>.');
  return { clusterId: cluster, runId: m[1], after: Number(m[2]) };
}

/** A string of its own with the same text (not a slice keeping a longer string alive). */
function ownCopy(text: string): string {
  return Buffer.from(text).toString();
}

/** When the access token expires (ms since the epoch, from its `exp`), undefined when unreadable. */
function expiresAt(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

@ApiTags('events')
@Controller('api/v1/events')
@UseGuards(AccessTokenGuard)
export class EventsController {
  private readonly logger = new Logger(EventsController.name);

  constructor(
    private readonly hub: SseHub,
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Api({
    summary:
      'Server-Sent Events: my notifications, unread count, my organization’s cluster and app status (with ?cluster=<id>, its runs’ and apps’ run logs); resume with Last-Event-ID',
    status: 200,
    media: 'text/event-stream',
    ok: z.string().max(1_048_576).meta({ description: 'A stream of SSE events.' }),
    errors: [
      'gateway.too_many_streams',
      'gateway.invalid_query',
      'platform.not_found',
      'cluster.not_found',
    ],
  })
  @ApiQuery({
    name: 'cluster',
    required: false,
    schema: { type: 'string', format: 'uuid', maxLength: 36 },
    description: "Also this cluster's run logs and app run logs",
  })
  @ApiQuery({
    name: 'logAfter',
    required: false,
    schema: { type: 'string', maxLength: 60, pattern: '^[0-9a-fA-F-]{36}:[0-9]{1,15}$' },
    description: '<runId>:<offset> where a previous stream of the cluster log stopped',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    schema: { type: 'string', maxLength: 40, pattern: '^[0-9]+$' },
    description: 'Resume after this event',
  })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // What the stream's closures keep of the caller: its ids and the token (forwarded on the
    // replay log's and run logs' reads, each verified by the service), never the request. The
    // token is a copy of its own: the guard's is a slice of the Authorization or Cookie header,
    // and would keep that whole string alive once the request's headers are let go.
    const { userId, orgId } = principal;
    const accessToken = ownCopy(principal.accessToken);
    const backlog = async (afterSeq: number, fromNow: boolean): Promise<Backlog> => {
      const reply = await this.rpc.request(
        'notify.events.since',
        { afterSeq, fromNow, limit: 500 },
        { accessToken },
      );
      return {
        ...reply,
        pushes: reply.pushes.map((p) => pushEvent(p.seq, p.type, JSON.parse(p.dataJson))),
      };
    };
    const logQuery = parseLogQuery(req.query);
    const clusterId = logQuery.clusterId;
    if (clusterId) {
      // May the caller read it? The cluster service answers 404/403 with the forwarded token.
      if (!orgId) throw notFound('cluster.not_found', 'No such cluster.');
      await this.rpc.request('cluster.cluster.get', { orgId, clusterId }, { accessToken });
    }
    let feed: ClusterLogFeed | undefined;
    // Runs of `cluster` and `app` pushes written before the feed started.
    const newRuns: Array<{ runId: string; appId?: string }> = [];
    const appLog =
      (appId: string) =>
      async (runId: string, after: number): Promise<LogPage> => {
        const page = await this.rpc.request(
          'cluster.app_run.logs',
          { orgId: orgId!, clusterId: clusterId!, appId, runId, after: BigInt(after) },
          { accessToken },
        );
        return {
          chunks: page.chunks.map((c) => ({ offset: Number(c.offset), text: c.text })),
          nextOffset: Number(page.nextOffset),
          complete: page.complete,
        };
      };
    const followRun = (run: { runId: string; appId?: string }) =>
      run.appId ? feed!.follow(run.runId, 0, appLog(run.appId)) : feed!.follow(run.runId);
    const openedAt = Date.now();
    let requestSpan: SpanContext | undefined; // once established
    let requestLogDetached = false;
    const reqId = (req as { id?: unknown }).id;
    const sink = new SseSink(res, this.config.SSE_MAX_BUFFERED_KB * 1024, () =>
      connection.close('slow'),
    );
    const connection = new SseConnection(sink, {
      userId,
      orgId,
      backlog,
      onClusterPush: (data, type) => {
        if (data.clusterId !== clusterId || !data.runId) return;
        const run = {
          runId: data.runId,
          ...(type === 'app' && data.appId ? { appId: data.appId } : {}),
        };
        if (feed) followRun(run);
        else newRuns.push(run);
      },
      onClose: (c, reason) => {
        feed?.stop();
        this.hub.remove(c, reason);
        if (requestSpan) recordStreamEnd(requestSpan, reason, Date.now() - openedAt);
        if (requestLogDetached)
          this.logger.log(
            { reqId, userId, reason, durationMs: Date.now() - openedAt },
            'SSE stream ended',
          );
      },
    });
    connection.expiresAt = expiresAt(accessToken);
    if (!this.hub.add(connection))
      throw tooManyRequests(
        'gateway.too_many_streams',
        `At most ${this.config.SSE_MAX_CONNECTIONS_PER_USER} event streams per user; close another tab.`,
        5,
      );
    // Subscribed (the hub holds this connection's live pushes) before the backlog is read.
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-store, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    eventStreamSecurityHeaders(res); // Node keeps the header block as long as the stream
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    sink.open(); // the headers; from here frames go straight to the socket
    sink.write(SseFrame.raw(`retry: ${this.config.SSE_RETRY_MS}\n\n`));
    res.on('close', () => connection.close('client'));
    const lastEventId = parseLastEventId(req.headers['last-event-id'] ?? req.query.lastEventId);
    try {
      let runIds: string[] = [];
      let appRuns: Array<{ runId: string; appId: string }> = [];
      if (clusterId && orgId) {
        // Registered for pushes (a new run's `cluster` push is held) before the runs are read.
        const [reply, apps] = await Promise.all([
          this.rpc.request('cluster.run.list', { orgId, clusterId }, { accessToken }),
          this.rpc.request('cluster.app.list', { orgId, clusterId }, { accessToken }),
        ]);
        runIds = reply.runs.map((r) => r.id); // newest first
        // Each app's active run (its log from the first byte).
        appRuns = apps.apps
          .filter((a) => a.activeRunId)
          .map((a) => ({ runId: a.activeRunId, appId: a.id }));
      }
      await connection.start(lastEventId);
      if (clusterId && orgId && !connection.isClosed) {
        feed = new ClusterLogFeed(
          clusterId,
          this.hub.logs,
          async (runId, after) => {
            const page = await this.rpc.request(
              'cluster.run.logs',
              { orgId, clusterId, runId, after: BigInt(after) },
              { accessToken },
            );
            return {
              chunks: page.chunks.map((c) => ({ offset: Number(c.offset), text: c.text })),
              nextOffset: Number(page.nextOffset),
              complete: page.complete,
            };
          },
          (chunk) => connection.log(chunk),
          (err) => {
            this.logger.warn({ err, clusterId }, 'SSE run log could not be read');
            connection.close('error');
          },
        );
        // Where the previous stream stopped, then the newest run from its first byte.
        if (logQuery.runId && runIds.includes(logQuery.runId))
          feed.follow(logQuery.runId, logQuery.after);
        const resumedApp = appRuns.find((r) => r.runId === logQuery.runId);
        if (resumedApp) feed.follow(resumedApp.runId, logQuery.after, appLog(resumedApp.appId));
        if (runIds[0]) feed.follow(runIds[0]);
        for (const run of appRuns) followRun(run);
        for (const run of newRuns) followRun(run);
      }
    } catch (err) {
      this.logger.warn({ err, userId }, 'SSE stream could not start');
      connection.close('error');
    }
    // Established: the request's span ends here (the stream's end is a short span linked to it),
    // and the request keeps nothing the socket's writes do not need.
    if (!connection.isClosed) {
      requestSpan = endRequestSpan(res);
      requestLogDetached = detachRequestLog(res);
    }
    releaseRequest(req, res);
  }
}
