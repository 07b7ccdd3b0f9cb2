import { baseConfigSchema, databaseConfigSchema, z } from '@strata/config';

export const notifyConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    /** smtp://user:pass@host:port or smtps://…; unset in local mode, where links are logged instead. */
    SMTP_URL: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
        .optional(),
    ),
    MAIL_FROM: z.string().min(3).default('Strata <no-reply@strata.local>'),
    /** Access tokens forwarded by the gateway are verified against auth's JWKS with these. */
    AUTH_ISSUER: z.string().min(1).default('strata'),
    AUTH_AUDIENCE: z.string().min(1).default('strata-api'),
    /** Service credential for accounts.recipient.list (who to notify and their email). */
    ACCOUNTS_INTERNAL_TOKEN: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    /** The web app's origin, linked from notification emails. */
    PUBLIC_URL: z.string().url().default('http://localhost:8080'),
    /** How long the per-user push replay log (SSE Last-Event-ID) is kept. */
    NOTIFY_PUSH_RETENTION_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && !config.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'must be set in production' });
    }
  });

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
export const NOTIFY_CONFIG = Symbol('NOTIFY_CONFIG');
