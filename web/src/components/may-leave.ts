import type { Organization } from '../api/organizations';

/**
 * Whether to offer leaving an organization: not a personal one to its owner while they are its
 * only member (it goes only with their account; the API refuses the last owner).
 */
export function mayLeave(org: Pick<Organization, 'personal' | 'role' | 'memberCount'>): boolean {
  return !(org.personal && org.role === 'owner' && org.memberCount === 1);
}
