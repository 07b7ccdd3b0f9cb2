import { api } from './client';
import type { Role } from './roles';

export interface Organization {
  id: string;
  name: string;
  personal: boolean;
  role: Role | null;
  active: boolean;
  createdAt: string;
  /** Only on GET /api/v1/orgs/{id}. */
  memberCount?: number;
}

export interface Member {
  userId: string;
  username: string;
  email: string;
  role: Role | null;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  expiresAt: string;
}

/** A pending invitation as admins and owners see it (GET …/invitations). */
export interface PendingInvitation {
  id: string;
  email: string;
  role: Role | null;
  invitedBy: { userId: string; username: string | null };
  createdAt: string;
  expiresAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AcceptedInvitation {
  orgId: string;
  orgName: string;
  role: Role | null;
}

const org = (id: string) => `/api/v1/orgs/${encodeURIComponent(id)}`;

export const listOrganizations = () =>
  api<{ items: Organization[] }>('GET', '/api/v1/orgs').then((r) => r.items);

export const createOrganization = (name: string) =>
  api<Organization>('POST', '/api/v1/orgs', { name });

export const renameOrganization = (id: string, name: string) =>
  api<Organization>('PATCH', org(id), { name });

/** The gateway sets the new access cookie; the session (and its CSRF token) stays. */
export const switchOrganization = (id: string) =>
  api<{ orgId: string }>('POST', `${org(id)}/switch`);

export const getOrganization = (id: string) => api<Organization>('GET', org(id));

export const leaveOrganization = (id: string) => api<void>('POST', `${org(id)}/leave`);

export const listMembers = (orgId: string) =>
  api<{ items: Member[] }>('GET', `${org(orgId)}/members`).then((r) => r.items);

export const changeMemberRole = (orgId: string, userId: string, role: Role) =>
  api<Member>('PATCH', `${org(orgId)}/members/${encodeURIComponent(userId)}`, { role });

export const removeMember = (orgId: string, userId: string) =>
  api<void>('DELETE', `${org(orgId)}/members/${encodeURIComponent(userId)}`);

export const inviteMember = (orgId: string, email: string, role: Role) =>
  api<Invitation>('POST', `${org(orgId)}/invitations`, { email, role });

export const listPendingInvitations = (orgId: string, cursor?: string | null) =>
  api<Page<PendingInvitation>>(
    'GET',
    `${org(orgId)}/invitations${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
  );

export const revokeInvitation = (orgId: string, invitationId: string) =>
  api<void>('DELETE', `${org(orgId)}/invitations/${encodeURIComponent(invitationId)}`);

export const acceptInvitation = (token: string) =>
  api<AcceptedInvitation>('POST', '/api/v1/invitations/accept', { token });
