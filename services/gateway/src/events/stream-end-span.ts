import { ROOT_CONTEXT, type SpanContext, SpanKind, trace } from '@opentelemetry/api';
import { tracer } from '@strata/telemetry';
import type { CloseReason } from './sse-connection';

/**
 * The end of an event stream whose request span ended once it was established: a short span in
 * the same trace, linked to the request's span, with why and after how long the stream ended.
 */
export function recordStreamEnd(
  request: SpanContext,
  reason: CloseReason,
  durationMs: number,
): void {
  tracer()
    .startSpan(
      'SSE stream end',
      {
        kind: SpanKind.INTERNAL,
        links: [{ context: request }],
        attributes: { 'sse.close_reason': reason, 'sse.duration_ms': durationMs },
      },
      trace.setSpanContext(ROOT_CONTEXT, request),
    )
    .end();
}
