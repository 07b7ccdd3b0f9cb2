import { randomBytes } from 'node:crypto';
import { baseConfigSchema, z } from '@strata/config';
import { parseTrustedProxies, trustedProxyIssue } from './http/trusted-proxies';

/** An empty variable counts as unset (`GOOGLE_CLIENT_ID=` turns the feature off). */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

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
    /**
     * The proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For and
     * X-Forwarded-Proto are believed. Empty (the default): none, the peer is the client.
     */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const list = parseTrustedProxies(value);
        for (const entry of list) {
          const issue = trustedProxyIssue(entry);
          if (issue) ctx.addIssue({ code: 'custom', message: issue });
        }
        return list;
      }),
    /** Google sign-in is on when set (an OAuth client of type "Web application"). */
    GOOGLE_CLIENT_ID: unsetWhenEmpty(z.string().max(512).optional()),
    GOOGLE_CLIENT_SECRET: unsetWhenEmpty(z.string().max(512).optional()),
    /** Google's endpoints; configurable so tests can use a stand-in. */
    GOOGLE_AUTH_URL: z.string().url().default('https://accounts.google.com/o/oauth2/v2/auth'),
    GOOGLE_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
    /** SSE (/api/v1/events): heartbeat comment interval, per-user cap, slow-client bound. */
    SSE_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(300).default(15),
    SSE_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(10),
    SSE_MAX_BUFFERED_KB: z.coerce.number().int().min(1).max(65_536).default(1024),
    /** The reconnection delay the stream asks browsers for (the `retry:` field). */
    SSE_RETRY_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    GOOGLE_USERINFO_URL: z
      .string()
      .url()
      .default('https://openidconnect.googleapis.com/v1/userinfo'),
  })
  .transform((config, ctx) => {
    if (config.GOOGLE_CLIENT_ID && !config.GOOGLE_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_CLIENT_SECRET'],
        message: 'must be set when GOOGLE_CLIENT_ID is',
      });
      return z.NEVER;
    }
    if (!config.CSRF_SECRET && config.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['CSRF_SECRET'], message: 'must be set in production' });
      return z.NEVER;
    }
    // Outside production a per-process secret will do: there is one gateway process.
    return { ...config, CSRF_SECRET: config.CSRF_SECRET ?? randomBytes(32).toString('hex') };
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
