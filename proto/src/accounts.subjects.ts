import type { DescMessage } from '@bufbuild/protobuf';
import {
  AdminSetupReplySchema,
  AdminSetupRequestSchema,
  DeletionCheckReplySchema,
  DeletionCheckRequestSchema,
  ProfileDeletedSchema,
} from './gen/strata/accounts/v1/account_lifecycle_pb';
import { GetClaimsRequestSchema, ClaimsSchema } from './gen/strata/accounts/v1/claims_pb';
import {
  ListAuditEntriesReplySchema,
  ListAuditEntriesRequestSchema,
} from './gen/strata/accounts/v1/audit_pb';
import {
  InvitationAcceptedSchema,
  InvitationCreatedSchema,
  InvitationRevokedSchema,
  MemberAddedSchema,
  MemberRemovedSchema,
  MemberRoleChangedSchema,
  OrganizationDeletedSchema,
  OrganizationTeardownRequestedSchema,
  UsernameChangedEventSchema,
} from './gen/strata/accounts/v1/events_pb';
import {
  AcceptInvitationReplySchema,
  AcceptInvitationRequestSchema,
  CreateInvitationRequestSchema,
  InvitationSchema,
  ListInvitationsReplySchema,
  ListInvitationsRequestSchema,
  RevokeInvitationReplySchema,
  RevokeInvitationRequestSchema,
} from './gen/strata/accounts/v1/invitations_pb';
import {
  ChangeMemberRoleRequestSchema,
  ListMembersReplySchema,
  ListMembersRequestSchema,
  MemberSchema,
  RemoveMemberReplySchema,
  RemoveMemberRequestSchema,
} from './gen/strata/accounts/v1/members_pb';
import {
  CreateOrganizationRequestSchema,
  DeleteOrganizationRequestSchema,
  GetOrganizationRequestSchema,
  LeaveOrganizationReplySchema,
  LeaveOrganizationRequestSchema,
  ListOrganizationsReplySchema,
  ListOrganizationsRequestSchema,
  OrganizationSchema,
  UpdateOrganizationRequestSchema,
} from './gen/strata/accounts/v1/organizations_pb';
import {
  ChangeUsernameRequestSchema,
  CheckUsernameRequestSchema,
  GetProfileRequestSchema,
  ProfileSchema,
  UsernameAvailabilitySchema,
  UsernameChangedSchema,
} from './gen/strata/accounts/v1/profile_pb';
import {
  ListRecipientsReplySchema,
  ListRecipientsRequestSchema,
} from './gen/strata/accounts/v1/recipients_pb';
import { ListUsersReplySchema, ListUsersRequestSchema } from './gen/strata/accounts/v1/users_pb';
import { contract, type RequestContract } from './contract';

/** Requests answered by services/accounts. */
export const accountsRequests = {
  'accounts.claims.get': contract(GetClaimsRequestSchema, ClaimsSchema),
  'accounts.profile.get': contract(GetProfileRequestSchema, ProfileSchema),
  'accounts.username.change': contract(ChangeUsernameRequestSchema, UsernameChangedSchema),
  'accounts.username.check': contract(CheckUsernameRequestSchema, UsernameAvailabilitySchema),
  'accounts.org.create': contract(CreateOrganizationRequestSchema, OrganizationSchema),
  'accounts.org.update': contract(UpdateOrganizationRequestSchema, OrganizationSchema),
  'accounts.org.list': contract(ListOrganizationsRequestSchema, ListOrganizationsReplySchema),
  'accounts.org.leave': contract(LeaveOrganizationRequestSchema, LeaveOrganizationReplySchema),
  'accounts.org.get': contract(GetOrganizationRequestSchema, OrganizationSchema),
  'accounts.org.delete': contract(DeleteOrganizationRequestSchema, OrganizationSchema),
  'accounts.audit.list': contract(ListAuditEntriesRequestSchema, ListAuditEntriesReplySchema),
  'accounts.member.list': contract(ListMembersRequestSchema, ListMembersReplySchema),
  'accounts.member.change_role': contract(ChangeMemberRoleRequestSchema, MemberSchema),
  'accounts.member.remove': contract(RemoveMemberRequestSchema, RemoveMemberReplySchema),
  'accounts.invitation.create': contract(CreateInvitationRequestSchema, InvitationSchema),
  'accounts.invitation.accept': contract(
    AcceptInvitationRequestSchema,
    AcceptInvitationReplySchema,
  ),
  'accounts.invitation.list': contract(ListInvitationsRequestSchema, ListInvitationsReplySchema),
  'accounts.invitation.revoke': contract(
    RevokeInvitationRequestSchema,
    RevokeInvitationReplySchema,
  ),
  'accounts.user.list': contract(ListUsersRequestSchema, ListUsersReplySchema),
  'accounts.deletion.check': contract(DeletionCheckRequestSchema, DeletionCheckReplySchema),
  'accounts.admin.setup': contract(AdminSetupRequestSchema, AdminSetupReplySchema),
  /** Internal: notify only, with the ACCOUNTS_INTERNAL_TOKEN service credential. */
  'accounts.recipient.list': contract(ListRecipientsRequestSchema, ListRecipientsReplySchema),
} as const satisfies Record<string, RequestContract>;

/** Events emitted by services/accounts (`evt.accounts.<noun>.<past-verb>`). */
export const accountsEvents = {
  'evt.accounts.invitation.created': InvitationCreatedSchema,
  'evt.accounts.invitation.revoked': InvitationRevokedSchema,
  'evt.accounts.invitation.accepted': InvitationAcceptedSchema,
  'evt.accounts.organization.teardown_requested': OrganizationTeardownRequestedSchema,
  'evt.accounts.organization.deleted': OrganizationDeletedSchema,
  'evt.accounts.member.added': MemberAddedSchema,
  'evt.accounts.member.removed': MemberRemovedSchema,
  'evt.accounts.member.role_changed': MemberRoleChangedSchema,
  'evt.accounts.username.changed': UsernameChangedEventSchema,
  'evt.accounts.profile.deleted': ProfileDeletedSchema,
} as const satisfies Record<string, DescMessage>;
