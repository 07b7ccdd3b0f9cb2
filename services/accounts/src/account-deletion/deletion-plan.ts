/** One of the user's memberships, with the organization's head counts (the user included). */
export interface MembershipCounts {
  orgId: string;
  name: string;
  role: string;
  members: number;
  owners: number;
}

export interface DeletionPlan {
  /** Organizations the user is the last owner of while others are still in them. */
  blockers: MembershipCounts[];
  /** Organizations only the user is in: they go with the account. */
  erase: string[];
  /** Organizations others remain in (with another owner): the user's membership goes. */
  leave: string[];
}

/** What deleting the user's account does to each of their organizations. */
export function deletionPlan(memberships: MembershipCounts[]): DeletionPlan {
  const plan: DeletionPlan = { blockers: [], erase: [], leave: [] };
  for (const m of memberships) {
    if (m.members <= 1) plan.erase.push(m.orgId);
    else if (m.role === 'owner' && m.owners <= 1) plan.blockers.push(m);
    else plan.leave.push(m.orgId);
  }
  return plan;
}
