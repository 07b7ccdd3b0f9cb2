import pino, { Logger, LoggerOptions } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { replicaId } from './replica-id';
import { compileRedactor } from './compiled-redactor';
import { REDACTED_KEYS } from './redaction';

/**
 * Redaction compiled once per process (not pino's `redact` paths, which clone and walk 76 paths
 * per line: the gateway's largest CPU user under load, issue 15): each line's object is read in
 * place and copied only on the way to a secret.
 */
const redact = compileRedactor(REDACTED_KEYS);

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service, replica: replicaId() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redact(bindings),
      log: (object) => redact(object),
    },
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
