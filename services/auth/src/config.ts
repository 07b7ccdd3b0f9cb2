import { baseConfigSchema, databaseConfigSchema, z } from '@strata/config';
import { keyRingIssues, keyRingSource } from '@strata/crypto';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const authFields = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  AUTH_ISSUER: z.string().min(1).default('strata'),
  AUTH_AUDIENCE: z.string().min(1).default('strata-api'),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  AUTH_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  AUTH_VERIFICATION_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  AUTH_SIGNING_KEY_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** How often a replica reloads the active signing key (a key made by another replica). */
  AUTH_SIGNING_KEY_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  AUTH_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  AUTH_LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).default(900),
  AUTH_RESEND_MAX_PER_HOUR: z.coerce.number().int().min(1).default(3),
  /** Sign-up requests per client IP (known and unknown emails alike) in one window. */
  AUTH_SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  AUTH_SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** How long a password-reset link works. */
  AUTH_PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  /** Reset requests per email address (known or not) in one window. */
  AUTH_PASSWORD_RESET_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(3),
  /** Reset requests per client IP (whatever the email) in one window. */
  AUTH_PASSWORD_RESET_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  AUTH_PASSWORD_RESET_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** How long a fresh Google sign-in counts as re-authentication (account deletion). */
  AUTH_REAUTH_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Password hashes/verifications (argon2id) running at once; default: the cores less one (≥ 1). */
  AUTH_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** Hashes waiting for a slot; beyond it auth answers 503 auth.busy. Default: 16 × concurrency. */
  AUTH_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
  /** Where users land: the verification link points at this origin. */
  PUBLIC_URL: z.string().url().default('http://localhost:8080'),
  /** "kid1:base64key,kid2:base64key": 256-bit master keys that seal the signing keys. */
  AUTH_MASTER_KEYS: optional(z.string()),
  /** Which master key seals new and re-wrapped signing keys. */
  AUTH_ACTIVE_KEY_ID: optional(z.string()),
  /** Outside production, where the generated development master key is kept. */
  AUTH_DEV_KEY_FILE: z.string().optional(),
});

export const authConfigSchema = authFields.superRefine((config, ctx) => {
  for (const { variable, message } of keyRingIssues(keyRingSource('AUTH', config)))
    ctx.addIssue({ code: 'custom', path: [variable], message });
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
