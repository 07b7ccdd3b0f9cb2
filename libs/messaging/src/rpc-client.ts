import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { DomainError, isProblem } from '@strata/errors';
import { context, injectTraceHeaders, SpanKind, tracer, trace } from '@strata/telemetry';
import { decodeReply, encodeRequest, ReplyData, RequestInit, RequestSubject } from './contracts';

export interface RpcClientOptions {
  url: string;
  name: string;
  timeoutMs?: number;
}

/**
 * Typed request/reply over NATS: the subject names the contract, the request is validated before
 * it leaves and the reply when it arrives, trace context rides in the headers, and a problem
 * thrown by the other side comes back as the same DomainError.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly client: ClientNats;
  private readonly timeoutMs: number;

  constructor(options: RpcClientOptions) {
    this.client = new ClientNats({ servers: [options.url], name: options.name });
    this.timeoutMs = options.timeoutMs ?? 10_000;
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
    options: { accessToken?: string; headers?: Record<string, string> } = {},
  ): Promise<ReplyData<S>> {
    const payload = encodeRequest(subject, body);
    const span = tracer().startSpan(subject, { kind: SpanKind.CLIENT });
    const headers = natsHeaders();
    if (options.accessToken) headers.set('authorization', `Bearer ${options.accessToken}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    injectTraceHeaders(headers, trace.setSpan(context.active(), span));
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      const reply = await firstValueFrom(
        this.client.send(subject, record).pipe(timeout(this.timeoutMs)),
      );
      return decodeReply(subject, (reply ?? {}) as object);
    } catch (error) {
      throw toDomainError(subject, error);
    } finally {
      span.end();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

function toDomainError(subject: string, error: unknown): unknown {
  if (isProblem(error)) return DomainError.fromProblem(error);
  if (error instanceof TimeoutError) {
    return new DomainError(503, 'platform.service_unavailable', `No timely answer to ${subject}.`, {
      retryAfter: 5,
    });
  }
  return error;
}
