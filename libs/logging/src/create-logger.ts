import pino, { Logger, LoggerOptions } from 'pino';
import { trace } from '@opentelemetry/api';
import { REDACT_PATHS } from './redaction';

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
  };
}

/** A JSON logger for code outside Nest's container (bootstrap, relays, scripts). */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(loggerOptions(service, level));
}
