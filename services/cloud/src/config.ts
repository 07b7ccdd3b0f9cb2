import {
  baseConfigSchema,
  databaseConfigSchema,
  orgUsageConfigSchema,
  orgUsageTokenIssue,
  z,
} from '@strata/config';
import { keyRingIssues, keyRingSource } from '@strata/crypto';

const optionalUrl = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().url().optional(),
);

export const cloudConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(orgUsageConfigSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3004),
    AUTH_ISSUER: z.string().min(1).default('strata'),
    AUTH_AUDIENCE: z.string().min(1).default('strata-api'),
    /** "kid1:base64key,kid2:base64key": 256-bit master keys that wrap the data keys. */
    CLOUD_MASTER_KEYS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().optional(),
    ),
    /** Which master key wraps new and rotated data keys. */
    CLOUD_ACTIVE_KEY_ID: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().optional(),
    ),
    /** Outside production, where the generated development master key is kept. */
    CLOUD_DEV_KEY_FILE: z.string().optional(),
    /** Service credential the cluster service presents for cloud.credentials.issue. */
    CLOUD_INTERNAL_TOKEN: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    // Endpoints, for tests and private clouds only; never taken from a request.
    CLOUD_AWS_STS_ENDPOINT: optionalUrl,
    CLOUD_S3_ENDPOINT: optionalUrl,
    CLOUD_AZURE_AUTHORITY_HOST: optionalUrl,
    CLOUD_AZURE_ARM_ENDPOINT: optionalUrl,
    /** e.g. https://127.0.0.1:10000/{account} (path style); default https://{account}.blob.core.windows.net */
    CLOUD_AZURE_BLOB_ENDPOINT: z.string().optional(),
    CLOUD_GCP_TOKEN_URL: optionalUrl,
    CLOUD_GCP_STORAGE_ENDPOINT: optionalUrl,
    /** Extra origins a GCP key's endpoints may name (comma-separated, tests only). */
    CLOUD_TRUSTED_ENDPOINTS: z.string().default(''),
    /** How long a verification call may take, in milliseconds. */
    CLOUD_VERIFY_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(6_000),
  })
  .superRefine((config, ctx) => {
    for (const { variable, message } of keyRingIssues(keyRingSource('CLOUD', config)))
      ctx.addIssue({ code: 'custom', path: [variable], message });
    if (config.NODE_ENV === 'production' && !config.CLOUD_INTERNAL_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['CLOUD_INTERNAL_TOKEN'],
        message: 'must be set in production',
      });
    const usage = orgUsageTokenIssue(config);
    if (usage) ctx.addIssue(usage);
  });

export type CloudConfig = z.infer<typeof cloudConfigSchema>;
export const CLOUD_CONFIG = Symbol('CLOUD_CONFIG');
