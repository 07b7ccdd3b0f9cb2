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

/**
 * The service credential of the internal `<service>.org.usage` subjects (accounts presents it to
 * cloud and cluster before an organization goes with a deleted account). Required in production.
 */
export const orgUsageConfigSchema = z.object({
  ORG_USAGE_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
});

/** The issue to add when ORG_USAGE_TOKEN is missing in production (for a superRefine). */
export function orgUsageTokenIssue(config: {
  NODE_ENV: string;
  ORG_USAGE_TOKEN?: string;
}): { code: 'custom'; path: string[]; message: string } | undefined {
  if (config.NODE_ENV !== 'production' || config.ORG_USAGE_TOKEN) return undefined;
  return { code: 'custom', path: ['ORG_USAGE_TOKEN'], message: 'must be set in production' };
}
