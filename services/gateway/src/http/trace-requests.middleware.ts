import type { NextFunction, Request, Response } from 'express';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { tracer } from '@strata/telemetry';

/**
 * Opens a server span per HTTP request (continuing a caller's `traceparent`), so the request log
 * line and every NATS request it makes share one trace id.
 */
export function traceRequests(req: Request, res: Response, next: NextFunction): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer().startSpan(
    `${req.method} ${req.baseUrl}${req.path}`,
    { kind: SpanKind.SERVER },
    parent,
  );
  res.on('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
