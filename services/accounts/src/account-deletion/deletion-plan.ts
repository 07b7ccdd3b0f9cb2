/** One of the user's memberships, with the organization's head counts (the user included). */
export interface MembershipCounts {
  orgId: string;
  name: string;
  role: string;
  members: number;
  owners: number;
}

export interface Blocker extends MembershipCounts {
  /** Others are still in it, or it still holds clusters, cloud accounts or connectors. */
  reason: 'members' | 'resources';
}

export interface DeletionPlan {
  /** Organizations the user is the last owner of while others use them or they hold resources. */
  blockers: Blocker[];
  /** Organizations only the user is in, holding nothing: they go with the account. */
  erase: string[];
  /** Organizations others remain in (with another owner): the user's membership goes. */
  leave: string[];
}

/** The organizations only the user is in: those whose resources must be asked about. */
export const soleMemberOrgs = (memberships: MembershipCounts[]) =>
  memberships.filter((m) => m.members <= 1).map((m) => m.orgId);

/**
 * What deleting the user's account does to each of their organizations. `inUse`: organizations
 * that still hold resources in other services (asked for the sole-member ones only).
 */
export function deletionPlan(
  memberships: MembershipCounts[],
  inUse: ReadonlySet<string> = new Set(),
): DeletionPlan {
  const plan: DeletionPlan = { blockers: [], erase: [], leave: [] };
  for (const m of memberships) {
    if (m.members <= 1) {
      if (inUse.has(m.orgId)) plan.blockers.push({ ...m, reason: 'resources' });
      else plan.erase.push(m.orgId);
    } else if (m.role === 'owner' && m.owners <= 1) plan.blockers.push({ ...m, reason: 'members' });
    else plan.leave.push(m.orgId);
  }
  return plan;
}
