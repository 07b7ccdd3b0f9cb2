import {
  applyDecorators,
  ArgumentMetadata,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PipeTransform,
  UseFilters,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { MessagePattern, NatsContext } from '@nestjs/microservices';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import { Observable, map } from 'rxjs';
import { badRequest, RpcProblemFilter, unprocessable } from '@strata/errors';
import { createLogger, type Logger } from '@strata/logging';
import { ContractViolationError, controlCharacterViolations } from '@strata/proto';
import { extractTraceContext, inSpan, SpanKind } from '@strata/telemetry';
import { decodeRequest, encodeReply, RequestSubject } from './contracts';

const isPayload = (type: unknown) => type === 'body' || type === (RpcParamtype.PAYLOAD as unknown);

/**
 * Decodes and validates an incoming request against its contract; a violation is a 400 (the one
 * check of a request's rules: RpcClient does not run them before sending). Text
 * with control characters (NUL, which PostgreSQL refuses, and the other invisible ones) is a 422,
 * in every string of every request of every service: nothing behind this pipe sees it.
 */
class ContractPipe implements PipeTransform {
  constructor(private readonly subject: RequestSubject) {}

  transform(value: unknown, metadata: ArgumentMetadata) {
    // Method-level pipes see every parameter; only the payload is the message. Nest's
    // PipesConsumer hands RPC pipes the route token of the param type: PAYLOAD (3) arrives as
    // 'body'; custom decorators (@Caller) as 'custom', @Ctx() as another token.
    if (!isPayload(metadata.type)) return value;
    try {
      const message = decodeRequest(this.subject, (value ?? {}) as object);
      const textErrors = controlCharacterViolations(value);
      if (textErrors.length)
        throw unprocessable(
          'platform.invalid_text',
          `The ${this.subject} message has text with control characters.`,
          textErrors,
        );
      return message;
    } catch (error) {
      if (error instanceof ContractViolationError) {
        throw badRequest(
          'platform.invalid_message',
          `The ${this.subject} message is invalid.`,
          error.violations,
        );
      }
      throw error;
    }
  }
}

const rpcLoggers = new Map<string, Logger>();
/** One logger per service (the subject's first word) for the `rpc handled` lines. */
function rpcLogger(subject: string): Logger {
  const service = subject.split('.')[0];
  let logger = rpcLoggers.get(service);
  if (!logger)
    rpcLoggers.set(service, (logger = createLogger(service).child({ component: 'rpc' })));
  return logger;
}

/**
 * Runs the handler in a span continuing the caller's trace and encodes its reply, checked against
 * its rules here, once (the caller parses it without them). Each request
 * handled is one `debug` line (`rpc handled`, with the replica that took it: replicas share the
 * subject through the service's queue group); `info` does not log every RPC.
 */
@Injectable()
class RpcHandlerInterceptor implements NestInterceptor {
  private readonly logger: Logger;

  constructor(private readonly subject: RequestSubject) {
    this.logger = rpcLogger(subject);
  }

  private handled(outcome: 'ok' | 'error'): void {
    if (this.logger.isLevelEnabled('debug'))
      this.logger.debug({ subject: this.subject, outcome }, 'rpc handled');
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nats = ctx.switchToRpc().getContext<NatsContext>();
    const parent = extractTraceContext(nats.getHeaders?.());
    return new Observable((subscriber) => {
      inSpan(this.subject, SpanKind.SERVER, parent, async () => {
        await new Promise<void>((resolve) => {
          next
            .handle()
            .pipe(map((reply) => encodeReply(this.subject, reply ?? {})))
            .subscribe({
              next: (value) => subscriber.next(value),
              error: (error) => {
                this.handled('error');
                subscriber.error(error);
                resolve();
              },
              complete: () => {
                this.handled('ok');
                subscriber.complete();
                resolve();
              },
            });
        });
      }).catch((error) => subscriber.error(error));
    });
  }
}

/**
 * Marks a method as the handler of one request subject: payload validated against proto/,
 * reply encoded and validated, errors sent back as problems, trace continued.
 */
export function RpcHandler(subject: RequestSubject): MethodDecorator {
  return applyDecorators(
    MessagePattern(subject),
    UsePipes(new ContractPipe(subject)),
    UseInterceptors(new RpcHandlerInterceptor(subject)),
    UseFilters(new RpcProblemFilter()),
  );
}
