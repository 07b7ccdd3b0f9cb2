import { z } from '@strata/config';
import { ROLES } from '@strata/authz';

export const orgName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');
export const role = z.enum(ROLES);

export const createOrgBody = z.strictObject({ name: orgName });
export const renameOrgBody = z.strictObject({ name: orgName });
export const changeRoleBody = z.strictObject({ role });
export const inviteBody = z.strictObject({
  email: z.string().trim().max(254).email('must be an email address'),
  role: role.default('member'),
});
export const acceptInvitationBody = z.strictObject({
  token: z
    .string()
    .min(16)
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a valid token'),
});
export const changeUsernameBody = z.strictObject({ username: z.string().max(100) });

export type CreateOrgBody = z.infer<typeof createOrgBody>;
export type RenameOrgBody = z.infer<typeof renameOrgBody>;
export type ChangeRoleBody = z.infer<typeof changeRoleBody>;
export type InviteBody = z.infer<typeof inviteBody>;
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBody>;
export type ChangeUsernameBody = z.infer<typeof changeUsernameBody>;
