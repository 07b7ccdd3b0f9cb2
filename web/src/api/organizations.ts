import type { Role } from './roles';
import { answer, done, typedApi, type Schema } from './typed-client';

export type Organization = Schema<'Organization'>;
export type Member = Schema<'Member'>;
export type PendingInvitation = Schema<'PendingInvitation'>;

const org = (id: string) => ({ path: { id } });
const inOrg = (orgId: string) => ({ path: { orgId } });

export const listOrganizations = () => answer(typedApi.GET('/api/v1/orgs')).then((r) => r.items);

export const createOrganization = (name: string) =>
  answer(typedApi.POST('/api/v1/orgs', { body: { name } }));

export const renameOrganization = (id: string, name: string) =>
  answer(typedApi.PATCH('/api/v1/orgs/{id}', { params: org(id), body: { name } }));

/** The gateway sets the new access cookie; the session (and its CSRF token) stays. */
export const switchOrganization = (id: string) =>
  answer(typedApi.POST('/api/v1/orgs/{id}/switch', { params: org(id) }));

export const getOrganization = (id: string) =>
  answer(typedApi.GET('/api/v1/orgs/{id}', { params: org(id) }));

export const leaveOrganization = (id: string) =>
  done(typedApi.POST('/api/v1/orgs/{id}/leave', { params: org(id) }));

export const listMembers = (orgId: string) =>
  answer(typedApi.GET('/api/v1/orgs/{orgId}/members', { params: inOrg(orgId) })).then(
    (r) => r.items,
  );

export const changeMemberRole = (orgId: string, userId: string, role: Role) =>
  answer(
    typedApi.PATCH('/api/v1/orgs/{orgId}/members/{userId}', {
      params: { path: { orgId, userId } },
      body: { role },
    }),
  );

export const removeMember = (orgId: string, userId: string) =>
  done(
    typedApi.DELETE('/api/v1/orgs/{orgId}/members/{userId}', {
      params: { path: { orgId, userId } },
    }),
  );

export const inviteMember = (orgId: string, email: string, role: Role) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/invitations', {
      params: inOrg(orgId),
      body: { email, role },
    }),
  );
export type Invitation = Awaited<ReturnType<typeof inviteMember>>;

export const listPendingInvitations = (orgId: string, cursor?: string | null) =>
  answer(
    typedApi.GET('/api/v1/orgs/{orgId}/invitations', {
      params: { path: { orgId }, query: cursor ? { cursor } : {} },
    }),
  );

export const revokeInvitation = (orgId: string, invitationId: string) =>
  done(
    typedApi.DELETE('/api/v1/orgs/{orgId}/invitations/{invitationId}', {
      params: { path: { orgId, invitationId } },
    }),
  );

export const acceptInvitation = (token: string) =>
  answer(typedApi.POST('/api/v1/invitations/accept', { body: { token } }));
export type AcceptedInvitation = Awaited<ReturnType<typeof acceptInvitation>>;
