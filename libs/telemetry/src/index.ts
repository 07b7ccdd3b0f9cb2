export * from './start-telemetry';
export * from './trace-headers';
export { SpanKind, context, trace } from '@opentelemetry/api';
