import {
  context,
  Context,
  propagation,
  SpanKind,
  trace,
  TextMapGetter,
  TextMapSetter,
} from '@opentelemetry/api';

/** The part of a NATS `MsgHdrs` this module needs (kept structural to avoid a nats dependency). */
export interface HeaderCarrier {
  get(key: string): string;
  set(key: string, value: string): void;
  has(key: string): boolean;
}

const setter: TextMapSetter<HeaderCarrier> = {
  set: (carrier, key, value) => carrier.set(key, value),
};
const getter: TextMapGetter<HeaderCarrier> = {
  get: (carrier, key) => (carrier.has(key) ? carrier.get(key) : undefined),
  keys: () => ['traceparent', 'tracestate'],
};
const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => (carrier[key] = value),
};
const recordGetter: TextMapGetter<Record<string, string>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};

export function injectTraceHeaders(carrier: HeaderCarrier, ctx: Context = context.active()): void {
  propagation.inject(ctx, carrier, setter);
}

export function extractTraceContext(carrier: HeaderCarrier | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier, getter) : context.active();
}

/** Trace context as a plain record, for storing beside an outbox row. */
export function traceContextRecord(): Record<string, string> {
  const record: Record<string, string> = {};
  propagation.inject(context.active(), record, recordSetter);
  return record;
}

export function contextFromRecord(record: Record<string, string>): Context {
  return propagation.extract(context.active(), record, recordGetter);
}

export const tracer = () => trace.getTracer('strata');

/** Runs `fn` inside a span that is a child of `parent`, ending it when `fn` settles. */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  parent: Context,
  fn: () => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, { kind }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } finally {
    span.end();
  }
}

export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}
