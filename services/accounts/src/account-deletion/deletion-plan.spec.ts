import { deletionPlan, MembershipCounts, soleMemberOrgs } from './deletion-plan';

const m = (orgId: string, role: string, members: number, owners: number): MembershipCounts => ({
  orgId,
  name: orgId,
  role,
  members,
  owners,
});

describe('deletionPlan', () => {
  it('erases organizations only the user is in when they hold nothing', () => {
    expect(deletionPlan([m('solo', 'owner', 1, 1)])).toEqual({
      blockers: [],
      erase: ['solo'],
      leave: [],
    });
  });

  it('is blocked by an organization only the user is in that still holds resources', () => {
    const plan = deletionPlan(
      [m('solo', 'owner', 1, 1), m('busy', 'owner', 1, 1)],
      new Set(['busy']),
    );
    expect(plan.erase).toEqual(['solo']);
    expect(plan.blockers.map((b) => [b.orgId, b.reason])).toEqual([['busy', 'resources']]);
  });

  it('is blocked by an organization the user is the last owner of while others are in it', () => {
    const plan = deletionPlan([m('team', 'owner', 3, 1), m('solo', 'owner', 1, 1)]);
    expect(plan.blockers.map((b) => [b.orgId, b.reason])).toEqual([['team', 'members']]);
  });

  it('leaves organizations that keep another owner, or where the user is not an owner', () => {
    const plan = deletionPlan([m('shared', 'owner', 3, 2), m('theirs', 'member', 2, 1)]);
    expect(plan).toEqual({ blockers: [], erase: [], leave: ['shared', 'theirs'] });
  });

  it('asks about resources only for the organizations the user is alone in', () => {
    expect(soleMemberOrgs([m('solo', 'owner', 1, 1), m('team', 'owner', 2, 1)])).toEqual(['solo']);
  });
});
