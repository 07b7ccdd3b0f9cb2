import { deletionPlan, MembershipCounts } from './deletion-plan';

const m = (orgId: string, role: string, members: number, owners: number): MembershipCounts => ({
  orgId,
  name: orgId,
  role,
  members,
  owners,
});

describe('deletionPlan', () => {
  it('erases organizations only the user is in, whatever the role', () => {
    expect(deletionPlan([m('solo', 'owner', 1, 1)])).toEqual({
      blockers: [],
      erase: ['solo'],
      leave: [],
    });
  });

  it('is blocked by an organization the user is the last owner of while others are in it', () => {
    const plan = deletionPlan([m('team', 'owner', 3, 1), m('solo', 'owner', 1, 1)]);
    expect(plan.blockers.map((b) => b.orgId)).toEqual(['team']);
  });

  it('leaves organizations that keep another owner, or where the user is not an owner', () => {
    const plan = deletionPlan([m('shared', 'owner', 3, 2), m('theirs', 'member', 2, 1)]);
    expect(plan).toEqual({ blockers: [], erase: [], leave: ['shared', 'theirs'] });
  });
});
