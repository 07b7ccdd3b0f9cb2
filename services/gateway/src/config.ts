import { randomBytes } from 'node:crypto';
import { baseConfigSchema, z } from '@strata/config';

export const gatewayConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    PUBLIC_URL: z.string().url().default('http://localhost:8080'),
    AUTH_ISSUER: z.string().min(1).default('strata'),
    AUTH_AUDIENCE: z.string().min(1).default('strata-api'),
    AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    /** HMAC secret of the CSRF tokens; shared by every gateway replica. */
    CSRF_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(kb|mb)$/, 'must look like 64kb or 1mb')
      .default('64kb'),
    /** Express "trust proxy": which hops may set X-Forwarded-For. */
    TRUST_PROXY: z.string().default('loopback'),
  })
  .transform((config, ctx) => {
    if (!config.CSRF_SECRET && config.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['CSRF_SECRET'], message: 'must be set in production' });
      return z.NEVER;
    }
    // Outside production a per-process secret will do: there is one gateway process.
    return { ...config, CSRF_SECRET: config.CSRF_SECRET ?? randomBytes(32).toString('hex') };
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
