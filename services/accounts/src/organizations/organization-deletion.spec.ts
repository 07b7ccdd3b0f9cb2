import { describeLeftovers, isEmpty, leftoverErrors, notEmpty } from './organization-deletion';

const none = { clusters: [], cloudAccounts: [], storageConnectors: [] };

describe('what an organization still holds', () => {
  it('is empty with nothing left', () => {
    expect(isEmpty(none)).toBe(true);
    expect(isEmpty({ ...none, storageConnectors: [{ id: 'c', name: 'state' }] })).toBe(false);
  });

  it('names what is left, by kind', () => {
    const left = {
      clusters: [
        { id: '1', name: 'lake-e2e', state: 'READY' },
        { id: '2', name: 'pond-e2e', state: 'FAILED' },
      ],
      cloudAccounts: [{ id: '3', name: 'Production AWS' }],
      storageConnectors: [],
    };
    expect(describeLeftovers(left)).toBe(
      '2 clusters (lake-e2e, pond-e2e) and 1 cloud account (Production AWS)',
    );
    expect(leftoverErrors(left)).toEqual([
      { field: 'clusters', message: 'lake-e2e (READY)' },
      { field: 'clusters', message: 'pond-e2e (FAILED)' },
      { field: 'cloudAccounts', message: 'Production AWS' },
    ]);
    expect(notEmpty(left).toProblem()).toMatchObject({
      status: 409,
      code: 'accounts.org_not_empty',
    });
  });

  it('shortens a long list', () => {
    const clusters = Array.from({ length: 12 }, (_, i) => ({
      id: `${i}`,
      name: `c${i}`,
      state: 'READY',
    }));
    expect(describeLeftovers({ ...none, clusters })).toBe(
      '12 clusters (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 2 more)',
    );
  });
});
