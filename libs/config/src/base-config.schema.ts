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
  /** Share of traces recorded where they start (parent-based: a request's spans follow its root). */
  TRACES_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  /** Deadlines of NATS requests to other services: reads, changes, and slow ones (argon2, cloud APIs, cluster creation). */
  RPC_DEADLINE_READ_MS: z.coerce.number().int().min(100).max(120_000).default(3_000),
  RPC_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  RPC_DEADLINE_SLOW_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  /**
   * JetStream ack wait of the service's durable consumers: how soon an event pulled by a process
   * that died is delivered again. Handlers running longer keep their event with in-progress acks.
   */
  EVENT_ACK_WAIT_SECONDS: z.coerce.number().int().min(2).max(300).default(10),
});

export const databaseConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/strata'),
  /**
   * PostgreSQL connections of one process at most (Prisma and the prepared reads share the
   * pool); unset: the service's own default (docs/configuration.md).
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
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
