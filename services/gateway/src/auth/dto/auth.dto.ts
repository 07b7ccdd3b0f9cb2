import { z } from '@strata/config';

const email = z.string().trim().max(254).email('must be an email address');
/** Length in characters; the hash is computed over the whole string (no truncation). */
const newPassword = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters');
const anyPassword = z.string().min(1, 'is required').max(128, 'must be at most 128 characters');
/** A single-use token from a link or a log line (base64url). */
export const opaqueToken = z
  .string()
  .min(16)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a valid token');

/** `browser` (default): tokens in HttpOnly cookies. `api`: tokens in the body, no cookies. */
const tokenDelivery = z.enum(['browser', 'api']).default('browser');

export const signUpBody = z.strictObject({ email, password: newPassword });
export const loginBody = z.strictObject({ email, password: anyPassword, client: tokenDelivery });
export const verifyEmailBody = z.strictObject({ token: opaqueToken });
export const resendBody = z.strictObject({ email });
export const refreshBody = z.strictObject({ refreshToken: opaqueToken.optional() });
/** `currentPassword` may be left out only by a user who has no password yet (Google sign-up). */
export const changePasswordBody = z.strictObject({
  currentPassword: anyPassword.optional(),
  newPassword,
});

export const passwordResetRequestBody = z.strictObject({ email });
export const passwordResetBody = z.strictObject({ token: opaqueToken, password: newPassword });
/** The current password confirms the deletion; without it, a fresh Google sign-in must have. */
export const deleteAccountBody = z.strictObject({ password: anyPassword.optional() });

export type SignUpBody = z.infer<typeof signUpBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;
export type ResendBody = z.infer<typeof resendBody>;
export type RefreshBody = z.infer<typeof refreshBody>;
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type PasswordResetRequestBody = z.infer<typeof passwordResetRequestBody>;
export type PasswordResetBody = z.infer<typeof passwordResetBody>;
export type DeleteAccountBody = z.infer<typeof deleteAccountBody>;
