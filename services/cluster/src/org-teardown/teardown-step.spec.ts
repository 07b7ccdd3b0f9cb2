import { teardownStep } from './teardown-step';

const asked = new Date('2026-12-02T06:00:00Z');
const before = new Date('2026-12-02T05:00:00Z');
const after = new Date('2026-12-02T06:05:00Z');

describe("an organization's teardown, cluster by cluster", () => {
  it('cancels a running or pending apply first', () => {
    expect(
      teardownStep(
        { state: 'PROVISIONING' },
        { action: 'apply', state: 'RUNNING', createdAt: after },
        asked,
      ),
    ).toBe('cancel');
    expect(
      teardownStep(
        { state: 'PENDING' },
        { action: 'apply', state: 'PENDING', createdAt: after },
        asked,
      ),
    ).toBe('cancel');
  });

  it('waits for a destroy in flight', () => {
    expect(
      teardownStep(
        { state: 'DELETING' },
        { action: 'destroy', state: 'RUNNING', createdAt: after },
        asked,
      ),
    ).toBe('wait');
  });

  it('destroys a cluster at rest, including one whose destroy failed before the request', () => {
    for (const state of ['READY', 'FAILED', 'CANCELLED'] as const)
      expect(
        teardownStep({ state }, { action: 'apply', state: 'SUCCEEDED', createdAt: before }, asked),
      ).toBe('destroy');
    expect(
      teardownStep(
        { state: 'FAILED' },
        { action: 'destroy', state: 'FAILED', createdAt: before },
        asked,
      ),
    ).toBe('destroy');
  });

  it('does not retry a destroy that failed in this teardown (an owner asks again)', () => {
    expect(
      teardownStep(
        { state: 'FAILED' },
        { action: 'destroy', state: 'FAILED', createdAt: after },
        asked,
      ),
    ).toBe('stuck');
  });
});
