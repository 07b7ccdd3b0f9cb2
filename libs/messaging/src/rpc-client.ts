import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Events, headers as natsHeaders, type NatsConnection } from 'nats';
import { context, injectTraceHeaders, SpanKind, tracer, trace } from '@strata/telemetry';
import { decodeReply, encodeRequest, ReplyData, RequestInit, RequestSubject } from './contracts';
import { connectNats } from './nats-connection';
import { DEFAULT_RPC_DEADLINES, deadlineFor, RpcDeadlines } from './rpc-deadlines';
import { rpcFailure } from './rpc-failure';
import { attemptsFor, isUnanswered } from './rpc-retry';
import { decodeRpcReply, encodeRpcPacket } from './rpc-packet';
import { ReplyInbox } from './reply-inbox';

export interface RpcClientOptions {
  url: string;
  name: string;
  /** Per kind of request (read, write, slow); a call may give its own `deadlineMs`. */
  deadlines?: Partial<RpcDeadlines>;
}

/**
 * Typed request/reply over NATS: the subject names the contract, the request is built from its
 * proto type (its rules are checked by the service that receives it) and the reply parsed
 * strictly (its rules were checked by the service that sent it), trace context rides in the
 * headers, and a problem thrown by the other side comes back as the same DomainError. Each
 * request has a deadline suited to it; no answer in time, no service subscribed or NATS down
 * answer 503 with Retry-After. A read that got no answer is sent once more first (a replica that
 * died with it: rpc-retry).
 *
 * The request goes out on one subscription to a wildcard inbox for every request, a reply
 * matched by its token (reply-inbox: the NATS client's own request/reply, less an error object
 * per reply), in the packet Nest's NATS server reads (rpc-packet). Nest's ClientNats subscribed
 * and unsubscribed a fresh inbox for each request (a SUB, a PUB and an UNSUB per request, and
 * nats-server's subscription list changed twice) and wrapped it in observables: issue 15
 * measured it among the gateway's largest costs.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private connection?: NatsConnection;
  private inbox?: ReplyInbox;
  /** False from the moment the connection to NATS drops until it is back. */
  private reachable = false;
  private readonly deadlines: RpcDeadlines;

  constructor(private readonly options: RpcClientOptions) {
    this.deadlines = { ...DEFAULT_RPC_DEADLINES, ...options.deadlines };
  }

  async connect(): Promise<void> {
    // No async traces: the client would capture two stacks per request (an Error for the
    // caller's frames, one for a timeout that rarely happens), its largest cost per request; a
    // failed request becomes a DomainError with the subject in its detail anyway.
    if (this.connection) return;
    this.connection = await connectNats(this.options.url, this.options.name, {
      noAsyncTraces: true,
    });
    this.inbox = new ReplyInbox(this.connection);
    this.reachable = true;
    void this.followStatus(this.connection);
  }

  /**
   * While NATS is unreachable the client would hold requests for its reconnect and let each run
   * to its deadline; a request then fails at once instead (503, "the message bus is unreachable").
   */
  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === Events.Disconnect) this.reachable = false;
      else if (status.type === Events.Reconnect) this.reachable = true;
    }
    this.reachable = false;
  }

  /**
   * Sends a request; `accessToken` forwards the caller's token (as `authorization`) so the
   * service can verify it and apply the permission matrix itself; `headers` adds NATS headers
   * (e.g. a service credential for an internal-only subject).
   */
  async request<S extends RequestSubject>(
    subject: S,
    body: RequestInit<S>,
    options: { accessToken?: string; headers?: Record<string, string>; deadlineMs?: number } = {},
  ): Promise<ReplyData<S>> {
    const deadlineMs = options.deadlineMs ?? deadlineFor(subject, this.deadlines);
    const span = tracer().startSpan(subject, { kind: SpanKind.CLIENT });
    try {
      const connection = this.connection;
      const inbox = this.inbox;
      if (!connection || !inbox) throw new Error('RpcClient not initialized: call connect() first');
      if (!this.reachable || connection.isClosed())
        throw Object.assign(new Error('NATS connection lost, trying to reconnect'), {
          code: 'DISCONNECT',
        });
      const payload = encodeRpcPacket(subject, encodeRequest(subject, body));
      const headers = natsHeaders();
      if (options.accessToken) headers.set('authorization', `Bearer ${options.accessToken}`);
      if (options.headers)
        for (const [name, value] of Object.entries(options.headers)) headers.set(name, value);
      injectTraceHeaders(headers, trace.setSpan(context.active(), span));
      // A read nobody answered is sent once more (rpc-retry): the replica that took it may have
      // died with it, and the queue group hands the second try to a live one.
      for (let attempt = 1, attempts = attemptsFor(subject); ; attempt++) {
        try {
          const reply = await inbox.request(subject, payload, headers, deadlineMs);
          return decodeReply(subject, decodeRpcReply(reply.data));
        } catch (error) {
          if (attempt < attempts && isUnanswered(error)) {
            span.addEvent('rpc.retry', { attempt: attempt + 1 });
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      throw rpcFailure(subject, error, deadlineMs);
    } finally {
      span.end();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}
