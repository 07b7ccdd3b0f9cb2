import { timestampDate } from '@bufbuild/protobuf/wkt';
import { roleFromProto } from '@strata/authz';
import { badRequest } from '@strata/errors';
import { ParseUUIDPipe } from '@nestjs/common';
import type { ReplyData } from '@strata/messaging';
import { OrganizationState, Role as ProtoRole } from '@strata/proto';
import type { z } from '@strata/config';
import type { member as memberSchema, organization, pendingInvitation } from './orgs.schemas';

export const uuidParam = (what: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => badRequest('gateway.invalid_id', `The ${what} id must be a UUID.`),
  });

export const roleName = (role: ProtoRole) =>
  role === ProtoRole.UNSPECIFIED ? null : roleFromProto(role);

export const organizationView = (
  org: ReplyData<'accounts.org.create'>,
): z.output<typeof organization> => ({
  id: org.id,
  name: org.name,
  personal: org.personal,
  role: roleName(org.role),
  active: org.active,
  state: org.state === OrganizationState.DELETING ? 'DELETING' : 'ACTIVE',
  createdAt: timestampDate(org.createdAt!).toISOString(),
  ...(org.memberCount !== undefined ? { memberCount: org.memberCount } : {}),
});

export const memberView = (
  member: ReplyData<'accounts.member.change_role'>,
): z.output<typeof memberSchema> => ({
  userId: member.userId,
  username: member.username,
  email: member.email,
  role: roleName(member.role),
  joinedAt: timestampDate(member.joinedAt!).toISOString(),
});

export const pendingInvitationView = (
  invitation: ReplyData<'accounts.invitation.list'>['items'][number],
): z.output<typeof pendingInvitation> => ({
  id: invitation.id,
  email: invitation.email,
  role: roleName(invitation.role),
  invitedBy: { userId: invitation.invitedBy, username: invitation.invitedByUsername || null },
  createdAt: timestampDate(invitation.createdAt!).toISOString(),
  expiresAt: timestampDate(invitation.expiresAt!).toISOString(),
});
