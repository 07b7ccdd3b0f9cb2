import { z } from 'zod';

/** Variables every service shares, one prefix-free name per concept. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  NATS_URL: z.string().url().default('nats://127.0.0.1:4222'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the service's own HTTP listener (health probes; the public API on the gateway). */
  PORT: z.coerce.number().int().min(0).max(65535),
  /** Sent to an OTLP/HTTP collector when set; tracing context propagates either way. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});

export const databaseConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/strata'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
