import { z } from '@strata/config';
import { reissuedAccess } from '../auth/auth.schemas';
import {
  count,
  dateTime,
  id,
  itemsOf,
  jsonObject,
  pageOf,
  role,
  text,
} from '../openapi/schema-kit';

export const organization = z
  .object({
    id,
    name: text(100),
    personal: z.boolean(),
    role,
    active: z.boolean(),
    state: z.enum(['ACTIVE', 'DELETING']),
    createdAt: dateTime,
    memberCount: count.optional(),
  })
  .meta({ id: 'Organization' });
export const organizations = itemsOf(organization);
export const switchedOrg = z.object({ orgId: id, ...reissuedAccess });

export const member = z
  .object({ userId: id, username: text(100), email: text(254), role, joinedAt: dateTime })
  .meta({ id: 'Member' });
export const members = itemsOf(member);

export const createdInvitation = z.object({
  id,
  orgId: id,
  email: text(254),
  role,
  expiresAt: dateTime,
});
export const pendingInvitation = z
  .object({
    id,
    email: text(254),
    role,
    invitedBy: z.object({ userId: id, username: text(100).nullable() }),
    createdAt: dateTime,
    expiresAt: dateTime,
  })
  .meta({ id: 'PendingInvitation' });
export const pendingInvitations = pageOf(pendingInvitation);
export const acceptedInvitation = z.object({ orgId: id, orgName: text(100), role });

export const auditLogPage = pageOf(
  z
    .object({
      id,
      occurredAt: dateTime,
      actor: z.object({ userId: id, username: text(100).nullable() }).nullable(),
      action: text(100),
      resource: z.object({ type: text(50), id: text(100), name: text(200).nullable() }),
      details: jsonObject,
      sourceEventId: text(100),
    })
    .meta({ id: 'AuditLogEntry' }),
);

export const usernameChanged = z.object({ username: text(100), ...reissuedAccess });
export const usernameAvailability = z.union([
  z.object({ available: z.literal(true) }),
  z.object({ available: z.literal(false), reason: text(64) }),
]);

export const adminUsers = z.object({
  items: z
    .array(
      z.object({
        id,
        email: text(254),
        username: text(100),
        createdAt: dateTime,
        disabled: z.boolean(),
        platformAdmin: z.boolean(),
      }),
    )
    .max(200),
  page: z.number().int().min(1).max(100000),
  pageSize: z.number().int().min(1).max(200),
  total: count,
});
