import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

let sdk: NodeSDK | undefined;

/**
 * Without an exporter the SDK would install no tracer provider at all, and spans would have no
 * ids; this processor keeps real (sampled) spans whose ids reach the logs and NATS headers.
 */
const keepSpansLocal: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Parent-based: a span follows its parent's decision (a request's spans in every service are all
 * recorded or none is); a root span (a request arriving without a sampled `traceparent`) is
 * recorded with probability `ratio` (TRACES_SAMPLE_RATIO), decided by its trace id.
 */
export function tracesSampler(ratio: number): ParentBasedSampler {
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
}

/**
 * Starts the OpenTelemetry SDK for one service. Span contexts always exist (so trace ids reach
 * logs and NATS headers, sampled or not); sampled spans are exported only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export function startTelemetry(serviceName: string, otlpEndpoint?: string, sampleRatio = 1): void {
  if (sdk) return;
  const spanProcessors: SpanProcessor[] = otlpEndpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint}/v1/traces` }))]
    : [keepSpansLocal];
  sdk = new NodeSDK({
    serviceName,
    spanProcessors,
    textMapPropagator: new W3CTraceContextPropagator(),
    sampler: tracesSampler(sampleRatio),
    instrumentations: [],
  });
  sdk.start();
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
