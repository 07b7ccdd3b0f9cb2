import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout } from 'rxjs';
import { context, injectTraceHeaders, SpanKind, tracer, trace } from '@strata/telemetry';
import { decodeReply, encodeRequest, ReplyData, RequestInit, RequestSubject } from './contracts';
import { DEFAULT_RPC_DEADLINES, deadlineFor, RpcDeadlines } from './rpc-deadlines';
import { rpcFailure } from './rpc-failure';
import { attemptsFor, isUnanswered } from './rpc-retry';

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
 * headers, and a problem
 * thrown by the other side comes back as the same DomainError. Each request has a deadline suited
 * to it; no answer in time, no service subscribed or NATS down answer 503 with Retry-After. A read
 * that got no answer is sent once more first (a replica that died with it: rpc-retry).
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly client: ClientNats;
  private readonly deadlines: RpcDeadlines;

  constructor(options: RpcClientOptions) {
    this.client = new ClientNats({ servers: [options.url], name: options.name });
    this.deadlines = { ...DEFAULT_RPC_DEADLINES, ...options.deadlines };
  }

  async connect(): Promise<void> {
    await this.client.connect();
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
    const payload = encodeRequest(subject, body);
    const span = tracer().startSpan(subject, { kind: SpanKind.CLIENT });
    const headers = natsHeaders();
    if (options.accessToken) headers.set('authorization', `Bearer ${options.accessToken}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    injectTraceHeaders(headers, trace.setSpan(context.active(), span));
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      // A read nobody answered is sent once more (rpc-retry): the replica that took it may have
      // died with it, and the queue group hands the second try to a live one.
      for (let attempt = 1, attempts = attemptsFor(subject); ; attempt++) {
        try {
          const reply = await firstValueFrom(
            this.client.send(subject, record).pipe(timeout(deadlineMs)),
          );
          return decodeReply(subject, (reply ?? {}) as object);
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
    await this.client.close();
  }
}
