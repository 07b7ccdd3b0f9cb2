import type { NextFunction, Request, Response } from 'express';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { tracer } from '@strata/telemetry';

/** Each open request's server span, until it ends (a weak key: nothing kept past the response). */
const spans = new WeakMap<Response, Span>();

/**
 * Opens a server span per HTTP request (continuing a caller's `traceparent`), so the request log
 * line and every NATS request it makes share one trace id. It ends when the response finishes,
 * or earlier through `endRequestSpan` (a long-lived response, once established).
 */
export function traceRequests(req: Request, res: Response, next: NextFunction): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer().startSpan(
    `${req.method} ${req.baseUrl}${req.path}`,
    { kind: SpanKind.SERVER },
    parent,
  );
  spans.set(res, span);
  res.on('finish', () => endRequestSpan(res));
  context.with(trace.setSpan(parent, span), next);
}

/**
 * Ends the request's server span now, with the status sent so far, and answers its context (for
 * a later span that links to it). For a response that stays open (an event stream): its span
 * covers the request up to the stream being established, not the stream's whole life.
 */
export function endRequestSpan(res: Response): SpanContext | undefined {
  const span = spans.get(res);
  if (!span) return undefined;
  spans.delete(res);
  span.setAttribute('http.response.status_code', res.statusCode);
  span.end();
  return span.spanContext();
}
