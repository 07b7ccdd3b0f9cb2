import { planClusterRunTransition, type TransitionSource } from './cluster-run-transition';

const source = (
  run: Partial<TransitionSource['run']> = {},
  cluster: Partial<TransitionSource['cluster']> = {},
): TransitionSource => ({
  run: {
    id: 'r1',
    clusterId: 'c1',
    orgId: 'o1',
    action: 'apply',
    state: 'PENDING',
    requestedBy: 'u1',
    changes: null,
    ...run,
  },
  cluster: { id: 'c1', orgId: 'o1', name: 'demo', state: 'PROVISIONING', ...cluster },
});

describe('planClusterRunTransition', () => {
  it('starts a run: the run row and its started event, the cluster unchanged', () => {
    const plan = planClusterRunTransition(source(), { kind: 'started' }, { logTail: null });
    expect(plan?.run).toEqual({
      id: 'r1',
      clusterId: 'c1',
      from: 'PENDING',
      state: 'RUNNING',
      failureReason: null,
      logTail: null,
      outputs: null,
      started: true,
      finished: false,
      complete: false,
    });
    expect(plan?.cluster).toBeNull();
    expect(plan?.events.map((e) => e.subject)).toEqual(['evt.cluster.run.started']);
    expect(plan?.events[0]?.data).toMatchObject({ actorUserId: 'u1', state: 'RUNNING' });
  });

  it('ends an apply: outputs on run and cluster, the cluster READY, three events in order', () => {
    const plan = planClusterRunTransition(
      source({ state: 'RUNNING' }),
      { kind: 'succeeded', outputs: { endpoint: 'https://x' } },
      { logTail: 'ignored for a success' },
    );
    expect(plan?.run).toMatchObject({
      state: 'SUCCEEDED',
      logTail: null,
      outputs: '{"endpoint":"https://x"}',
      finished: true,
      complete: true,
    });
    expect(plan?.cluster).toEqual({
      id: 'c1',
      state: 'READY',
      failureReason: null,
      outputs: '{"endpoint":"https://x"}',
      nodeMinSize: null,
      nodeMaxSize: null,
      kubernetesVersion: null,
    });
    expect(plan?.events.map((e) => e.subject)).toEqual([
      'evt.cluster.cluster.state_changed',
      'evt.cluster.run.succeeded',
    ]);
  });

  it('a failure keeps the log tail and reason; a run ended from PENDING also emits started', () => {
    const plan = planClusterRunTransition(
      source(),
      { kind: 'failed', reason: 'exit 2' },
      { logTail: 'last lines' },
    );
    expect(plan?.run).toMatchObject({
      state: 'FAILED',
      failureReason: 'exit 2',
      logTail: 'last lines',
    });
    expect(plan?.cluster).toMatchObject({ state: 'FAILED', failureReason: 'exit 2' });
    expect(plan?.events.map((e) => e.subject)).toEqual([
      'evt.cluster.cluster.state_changed',
      'evt.cluster.run.started',
      'evt.cluster.run.failed',
    ]);
  });

  it('a successful change run gives the cluster its new values', () => {
    const plan = planClusterRunTransition(
      source(
        { state: 'RUNNING', changes: { nodeMaxSize: { from: 3, to: 5 } } },
        { state: 'PROVISIONING' },
      ),
      { kind: 'succeeded' },
      { logTail: null },
    );
    expect(plan?.cluster).toMatchObject({ state: 'READY', nodeMaxSize: 5, nodeMinSize: null });
  });

  it('changes nothing for a repeated observation or an ended run', () => {
    expect(
      planClusterRunTransition(
        source({ state: 'RUNNING' }),
        { kind: 'started' },
        { logTail: null },
      ),
    ).toBeNull();
    expect(
      planClusterRunTransition(
        source({ state: 'SUCCEEDED' }),
        { kind: 'failed', reason: 'late' },
        { logTail: null },
      ),
    ).toBeNull();
  });
});
