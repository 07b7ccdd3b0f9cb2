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
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && !config.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'must be set in production' });
    }
  });

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
export const NOTIFY_CONFIG = Symbol('NOTIFY_CONFIG');
