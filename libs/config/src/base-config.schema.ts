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
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
