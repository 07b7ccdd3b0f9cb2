import { describeUniqueMeta, violates } from './unique-violation';

describe('unique violations', () => {
  const adapterMeta = (message: string, fields?: string[]) => ({
    modelName: 'Run',
    driverAdapterError: {
      cause: {
        kind: 'UniqueConstraintViolation',
        originalCode: '23505',
        originalMessage: message,
        ...(fields ? { constraint: { fields } } : {}),
      },
    },
  });

  it('names the index PostgreSQL reported', () => {
    const v = describeUniqueMeta(
      adapterMeta('duplicate key value violates unique constraint "runs_one_active_per_cluster"', [
        'cluster_id',
      ]),
    );
    expect(v).toEqual({ constraint: 'runs_one_active_per_cluster', fields: ['cluster_id'] });
    expect(violates(v, 'runs_one_active_per_cluster', ['cluster_id'])).toBe(true);
    expect(violates(v, 'clusters_org_name_live_key', ['org_id', 'name'])).toBe(false);
  });

  it('tells a primary-key clash from the one-active-run index', () => {
    const v = describeUniqueMeta(
      adapterMeta('duplicate key value violates unique constraint "runs_pkey"', ['id']),
    );
    expect(violates(v, 'runs_one_active_per_cluster', ['cluster_id'])).toBe(false);
  });

  it('falls back to the key columns when no name is reported', () => {
    const v = describeUniqueMeta(adapterMeta('duplicate key', ['cluster_id']));
    expect(v.constraint).toBeUndefined();
    expect(violates(v, 'runs_one_active_per_cluster', ['cluster_id'])).toBe(true);
    expect(
      violates(describeUniqueMeta({ target: ['org_id', 'key'] }), 'x', ['key', 'org_id']),
    ).toBe(true);
    expect(violates(describeUniqueMeta({}), 'x', ['id'])).toBe(false);
    expect(violates(null, 'x', ['id'])).toBe(false);
  });
});
