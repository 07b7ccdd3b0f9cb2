import { TofuUiTranslator, plannedTotal, truncate } from './tofu-ui';

const resource = (addr: string) => ({ addr, module: '', resource: addr, implied_provider: 'aws' });
const message = (type: string, text: string, extra: object = {}) =>
  JSON.stringify({ '@level': 'info', '@message': text, '@module': 'tofu.ui', type, ...extra });

describe('TofuUiTranslator', () => {
  it('turns messages into readable lines, prefixed with the step', () => {
    const plan = new TofuUiTranslator('plan');
    expect(
      plan.translate(message('version', 'OpenTofu 1.10.6', { tofu: '1.10.6', ui: '1.2' })),
    ).toEqual({
      lines: ['plan: OpenTofu 1.10.6 (UI 1.2)'],
    });
    expect(
      plan.translate(
        message('planned_change', 'aws_vpc.this: Plan to create', {
          change: { resource: resource('aws_vpc.this'), action: 'create' },
        }),
      ),
    ).toEqual({ lines: ['plan: aws_vpc.this: Plan to create'] });
    expect(
      plan.translate(message('resource_drift', 'aws_vpc.this: Drift detected (update)')),
    ).toEqual({
      lines: ['plan: aws_vpc.this: Drift detected (update)'],
    });
    expect(plan.translate(message('some_future_type', 'something new'))).toEqual({
      lines: ['plan: something new'],
    });
  });

  it('keeps the plan summary and logs it as N to add, M to change, K to destroy', () => {
    const plan = new TofuUiTranslator('plan');
    const summary = message('change_summary', 'Plan: 2 to add, 1 to change, 3 to destroy.', {
      changes: { add: 2, change: 1, remove: 3, import: 1, operation: 'plan' },
    });
    expect(plan.translate(summary).lines).toEqual([
      'plan: summary: 2 to add, 1 to change, 3 to destroy, 1 to import',
    ]);
    expect(plannedTotal(plan.planned)).toBe(6);
  });

  it('counts applied resources (not data source reads) as progress, below 100 until the end', () => {
    const apply = new TofuUiTranslator('apply', 3);
    const complete = (addr: string, action: string) =>
      apply.translate(
        message('apply_complete', `${addr}: done`, { hook: { resource: resource(addr), action } }),
      );
    expect(apply.translate(message('apply_start', 'a: Creating...')).progress).toBeUndefined();
    expect(complete('a', 'create').progress).toEqual({ step: 'apply', percent: 33 });
    expect(complete('data.x', 'read').progress).toBeUndefined();
    expect(complete('b', 'update').progress).toEqual({ step: 'apply', percent: 66 });
    expect(complete('c', 'delete').progress).toEqual({ step: 'apply', percent: 99 });
    expect(complete('d', 'create').progress).toBeUndefined();
    expect(apply.progress(100)).toEqual({ step: 'apply', percent: 100 });
  });

  it('renders diagnostics with address and location, and makes errors the failure reason', () => {
    const apply = new TofuUiTranslator('apply');
    const d = apply.translate(
      message('diagnostic', 'Error: boom', {
        '@level': 'error',
        diagnostic: {
          severity: 'error',
          summary: 'creating thing: boom',
          detail: 'first line\nsecond line',
          address: 'aws_vpc.this',
          range: { filename: 'main.tf', start: { line: 12, column: 1 } },
        },
      }),
    );
    expect(d.lines).toEqual([
      'apply: error: creating thing: boom (aws_vpc.this, main.tf:12)',
      'apply:   first line',
      'apply:   second line',
    ]);
    apply.translate(
      message('diagnostic', 'Warning: old', {
        diagnostic: { severity: 'warning', summary: 'old' },
      }),
    );
    expect(apply.failureReason('apply', 1)).toBe(
      'tofu apply failed: creating thing: boom (aws_vpc.this): first line second line',
    );
    expect(new TofuUiTranslator('plan').failureReason('plan', 3)).toBe(
      'tofu plan failed: it exited with code 3',
    );
    expect(new TofuUiTranslator('plan').failureReason('plan', null, 'SIGKILL')).toBe(
      'tofu plan failed: it was stopped by SIGKILL',
    );
  });

  it('forwards a line that is not a UI message as it is', () => {
    const apply = new TofuUiTranslator('apply');
    expect(apply.translate('panic: runtime error').lines).toEqual(['panic: runtime error']);
    expect(apply.translate('[1,2]').lines).toEqual(['[1,2]']);
    expect(apply.translate('   ').lines).toEqual([]);
  });

  it('truncate shortens text with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
