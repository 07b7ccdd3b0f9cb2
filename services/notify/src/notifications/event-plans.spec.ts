import type { EventData } from '@strata/messaging';
import { cloudAccountFailed, clusterDeleted, clusterRun } from './event-plans';

const ids = {
  orgId: '7b0e3c1a-3f5e-4d55-9a43-2f0c6c1d2e01',
  clusterId: 'c0ffee00-1111-4222-8333-444455556666',
  runId: 'a1b2c3d4-0000-4000-8000-000000000001',
};
const run = (clusterName: string) =>
  ({
    ...ids,
    clusterName,
    action: 'apply',
    state: 'FAILED',
    reason: 'quota exceeded',
  }) as unknown as EventData<'evt.cluster.run.started'>;
const deleted = (clusterName: string) =>
  ({
    ...ids,
    clusterName,
    from: 'DELETING',
    to: 'DELETED',
    reason: '',
  }) as unknown as EventData<'evt.cluster.cluster.state_changed'>;

describe('cluster messages', () => {
  it('name the cluster by its name', () => {
    expect(clusterRun('evt.cluster.run.failed', run('lake-prod')).body).toBe(
      'Creating cluster lake-prod failed: quota exceeded',
    );
    expect(clusterDeleted(deleted('lake-prod'))?.body).toBe('Cluster lake-prod was deleted.');
  });

  it('fall back to the id for events published before the name was carried', () => {
    expect(clusterRun('evt.cluster.run.failed', run('')).body).toBe(
      `Creating cluster ${ids.clusterId} failed: quota exceeded`,
    );
    expect(clusterDeleted(deleted(''))?.body).toBe(`Cluster ${ids.clusterId} was deleted.`);
  });
});

describe('cloud account verification failures', () => {
  const failure = (accountId: string) =>
    ({
      orgId: ids.orgId,
      accountId,
      provider: 1,
      code: 'cloud.aws_invalid_credentials',
      actorUserId: ids.runId,
    }) as unknown as EventData<'evt.cloud.account.verification_failed'>;

  it('notify for a saved account that failed', () => {
    expect(cloudAccountFailed(failure(ids.clusterId))).toMatchObject({
      kind: 'cloud.account_verification_failed',
      data: { accountId: ids.clusterId },
    });
  });

  it('say nothing of a refused creation (no account was saved)', () => {
    expect(cloudAccountFailed(failure(''))).toBeUndefined();
  });
});
