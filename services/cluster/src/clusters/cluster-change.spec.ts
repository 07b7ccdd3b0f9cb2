import { changedColumns, isEmptyChange, planChange } from './cluster-change';

const current = { kubernetesVersion: '1.32', nodeMinSize: 1, nodeMaxSize: 3 };

describe('cluster changes', () => {
  it('records a node pool resize and a one-minor upgrade as from/to', () => {
    expect(
      planChange(current, { nodeMinSize: 2, nodeMaxSize: 5, kubernetesVersion: '1.33' }),
    ).toEqual({
      ok: true,
      changes: {
        nodeMinSize: { from: 1, to: 2 },
        nodeMaxSize: { from: 3, to: 5 },
        kubernetesVersion: { from: '1.32', to: '1.33' },
      },
    });
    expect(planChange(current, { nodeMaxSize: 4 })).toEqual({
      ok: true,
      changes: { nodeMaxSize: { from: 3, to: 4 } },
    });
  });

  it('refuses a skipped minor version and a downgrade on kubernetesVersion', () => {
    const skip = planChange(
      { ...current, kubernetesVersion: '1.31' },
      { kubernetesVersion: '1.33' },
    );
    expect(skip).toEqual({
      ok: false,
      errors: [
        {
          field: 'kubernetesVersion',
          message: 'upgrade one minor version at a time: from 1.31 the next is 1.32',
        },
      ],
    });
    const down = planChange(current, { kubernetesVersion: '1.31' });
    expect(!down.ok && down.errors[0]).toEqual({
      field: 'kubernetesVersion',
      message: 'a downgrade (1.32 to 1.31) is not possible',
    });
    const unknown = planChange(current, { kubernetesVersion: '1.40' });
    expect(!unknown.ok && unknown.errors[0]?.field).toBe('kubernetesVersion');
  });

  it('refuses min above max and out-of-range sizes', () => {
    expect(planChange(current, { nodeMinSize: 4 })).toMatchObject({
      ok: false,
      errors: [{ field: 'nodePool.minSize', message: 'must not be greater than maxSize' }],
    });
    expect(planChange(current, { nodeMaxSize: 0 })).toMatchObject({
      ok: false,
      errors: [{ field: 'nodePool.maxSize' }],
    });
    expect(planChange(current, { nodeMinSize: 101, nodeMaxSize: 200 })).toMatchObject({
      ok: false,
      errors: [{ field: 'nodePool.minSize' }],
    });
  });

  it('sees no change when every value stays', () => {
    const same = planChange(current, { nodeMinSize: 1, kubernetesVersion: '1.32' });
    expect(same.ok && isEmptyChange(same.changes)).toBe(true);
    expect(isEmptyChange({ nodeMinSize: { from: 1, to: 2 } })).toBe(false);
  });

  it('gives the columns a successful change sets', () => {
    expect(
      changedColumns({
        nodeMaxSize: { from: 3, to: 6 },
        kubernetesVersion: { from: '1.32', to: '1.33' },
      }),
    ).toEqual({ nodeMaxSize: 6, kubernetesVersion: '1.33' });
    expect(changedColumns(null)).toEqual({});
  });
});
