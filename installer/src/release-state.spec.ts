import { isNotFound, parseHistory, parseStatus, planRecovery } from './release-state';

const history = (...statuses: string[]) =>
  statuses.map((status, i) => ({ revision: i + 1, status }));

describe('release state', () => {
  it('reads helm status -o json and helm history -o json', () => {
    expect(
      parseStatus(
        JSON.stringify({
          name: 'hub',
          info: { status: 'deployed' },
          chart: { metadata: { name: 'jupyterhub', version: '3.3.8', appVersion: '4.1.6' } },
          version: 4,
        }),
      ),
    ).toEqual({ status: 'deployed', revision: 4, chartVersion: '3.3.8', appVersion: '4.1.6' });
    expect(parseStatus('not json')).toBeNull();
    expect(
      parseHistory(
        '[{"revision":2,"updated":"x","status":"pending-upgrade","chart":"a-1.0.0","app_version":"1","description":""},{"revision":1,"status":"deployed"}]',
      ),
    ).toEqual([
      { revision: 1, status: 'deployed' },
      { revision: 2, status: 'pending-upgrade' },
    ]);
    expect(isNotFound('Error: release: not found\n')).toBe(true);
    expect(isNotFound('Error: Kubernetes cluster unreachable')).toBe(false);
  });

  it('plans the way out of a release an interrupted run left pending', () => {
    expect(planRecovery([])).toEqual({ kind: 'none' });
    expect(planRecovery(history('superseded', 'deployed'))).toEqual({ kind: 'none' });
    expect(planRecovery(history('deployed', 'failed'))).toEqual({ kind: 'none' });
    expect(planRecovery(history('pending-install'))).toMatchObject({ kind: 'uninstall' });
    expect(planRecovery(history('superseded', 'deployed', 'pending-upgrade'))).toMatchObject({
      kind: 'rollback',
      revision: 2,
    });
    // Nothing deployed (the previous upgrade failed): the newest superseded one.
    expect(planRecovery(history('superseded', 'failed', 'pending-rollback'))).toMatchObject({
      kind: 'rollback',
      revision: 1,
    });
    expect(planRecovery(history('failed', 'pending-upgrade'))).toMatchObject({ kind: 'uninstall' });
  });
});
