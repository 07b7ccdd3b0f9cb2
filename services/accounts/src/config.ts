import {
  baseConfigSchema,
  databaseConfigSchema,
  orgUsageConfigSchema,
  orgUsageTokenIssue,
  z,
} from '@strata/config';

const accountsFields = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(orgUsageConfigSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    /** Access tokens forwarded by the gateway are verified against auth's JWKS with these. */
    AUTH_ISSUER: z.string().min(1).default('strata'),
    AUTH_AUDIENCE: z.string().min(1).default('strata-api'),
    /** Comma-separated emails that are platform admins (besides the first user), any case. */
    ADMIN_EMAILS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((email) => email.trim().toLowerCase())
          .filter((email) => email !== ''),
      ),
    /** How long audit log entries are kept; the retention job deletes older ones hourly. */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
    ACCOUNTS_INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    /** Where users land: invitation links point at this origin. */
    PUBLIC_URL: z.string().url().default('http://localhost:8080'),
    /** Service credential notify presents for the internal accounts.recipient.list. */
    ACCOUNTS_INTERNAL_TOKEN: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
  });

export const accountsConfigSchema = accountsFields.superRefine((config, ctx) => {
  const issue = orgUsageTokenIssue(config);
  if (issue) ctx.addIssue(issue);
});

export type AccountsConfig = z.infer<typeof accountsConfigSchema>;
export const ACCOUNTS_CONFIG = Symbol('ACCOUNTS_CONFIG');
