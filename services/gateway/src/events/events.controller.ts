import { Controller, Get, Inject, Logger, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { tooManyRequests } from '@strata/errors';
import { RpcClient } from '@strata/messaging';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { parseLastEventId } from './push-sequencer';
import { Backlog, SseConnection } from './sse-connection';
import { SseHub } from './sse-hub';

/** Seconds until the access token expires (from its `exp`), undefined when unreadable. */
function secondsLeft(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp - Date.now() / 1000 : undefined;
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
  @ApiOperation({
    summary:
      'Server-Sent Events: my notifications, unread count and my organization’s cluster status; resume with Last-Event-ID',
  })
  @ApiProduces('text/event-stream')
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const backlog = async (afterSeq: number, fromNow: boolean): Promise<Backlog> => {
      const reply = await this.rpc.request(
        'notify.events.since',
        { afterSeq, fromNow, limit: 500 },
        { accessToken: principal.accessToken },
      );
      return {
        ...reply,
        pushes: reply.pushes.map((p) => ({
          seq: p.seq,
          type: p.type,
          data: JSON.parse(p.dataJson) as unknown,
        })),
      };
    };
    const connection = new SseConnection(res, {
      userId: principal.userId,
      orgId: principal.orgId,
      maxBufferedBytes: this.config.SSE_MAX_BUFFERED_KB * 1024,
      backlog,
      onClose: (c, reason) => this.hub.remove(c, reason),
    });
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
    res.flushHeaders();
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.write(`retry: ${this.config.SSE_RETRY_MS}\n\n`);

    const left = secondsLeft(principal.accessToken);
    const expiry =
      left === undefined
        ? undefined
        : setTimeout(() => connection.close('token_expired'), Math.max(0, left * 1000));
    res.on('close', () => {
      clearTimeout(expiry);
      connection.close('client');
    });
    const lastEventId = parseLastEventId(req.headers['last-event-id'] ?? req.query.lastEventId);
    try {
      await connection.start(lastEventId);
    } catch (err) {
      this.logger.warn({ err, userId: principal.userId }, 'SSE stream could not start');
      connection.close('error');
    }
  }
}
