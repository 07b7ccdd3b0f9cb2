import pino, { Logger, LoggerOptions } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { REDACT_PATHS } from './redaction';
import { replicaId } from './replica-id';

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service, replica: replicaId() },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan();
      const spanContext = span?.spanContext();
      if (!spanContext || !isSpanContextValid(spanContext)) return {};
      return { traceId: spanContext.traceId, spanId: spanContext.spanId };
    },
  };
}

/** A JSON logger for code outside Nest's container (bootstrap, relays, scripts). */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(loggerOptions(service, level));
}
