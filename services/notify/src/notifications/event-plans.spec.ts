import type { EventData } from '@strata/messaging';
import { cloudAccountFailed, clusterDeleted, clusterRun, newSignIn } from './event-plans';

const ids = {
  orgId: '7b0e3c1a-3f5e-4d55-9a43-2f0c6c1d2e01',
  clusterId: 'c0ffee00-1111-4222-8333-444455556666',
  runId: 'a1b2c3d4-0000-4000-8000-000000000001',
};
const run = (clusterName: string, action = 'apply') =>
  ({
    ...ids,
    clusterName,
    action,
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
    expect(clusterRun('evt.cluster.run.failed', run('lake-prod'))?.body).toBe(
      'Creating cluster lake-prod failed: quota exceeded',
    );
    expect(clusterDeleted(deleted('lake-prod'))?.body).toBe('Cluster lake-prod was deleted.');
  });

  it('say nothing for a destroy run that succeeded (cluster.deleted says it), all else', () => {
    expect(clusterRun('evt.cluster.run.succeeded', run('lake-prod', 'destroy'))).toBeUndefined();
    expect(clusterRun('evt.cluster.run.succeeded', run('lake-prod'))?.kind).toBe(
      'cluster.run_succeeded',
    );
    expect(clusterRun('evt.cluster.run.started', run('lake-prod', 'destroy'))?.title).toBe(
      'Deleting a cluster started',
    );
    expect(clusterRun('evt.cluster.run.failed', run('lake-prod', 'destroy'))?.kind).toBe(
      'cluster.run_failed',
    );
  });

  it('fall back to the id for events published before the name was carried', () => {
    expect(clusterRun('evt.cluster.run.failed', run(''))?.body).toBe(
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

describe('new sign-in messages', () => {
  const signIn = (userAgent: string) =>
    ({
      userId: ids.orgId,
      sessionId: ids.runId,
      ip: '203.0.113.7',
      userAgent,
    }) as EventData<'evt.auth.session.created'>;

  it('say nothing for the first session ever of a user, and speak for every later one', () => {
    expect(newSignIn(signIn('curl/8.5.0'), ids.runId)).toBeUndefined();
    expect(newSignIn(signIn('curl/8.5.0'), ids.clusterId)?.kind).toBe('security.new_sign_in');
  });

  it('name the device in words, not the raw user agent', () => {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    const message = newSignIn(signIn(ua), ids.clusterId)!;
    expect(message.body).toBe(
      'Someone signed in to your Strata account from 203.0.113.7 with Chrome on Linux. If this was not you, change your password and end that session.',
    );
    expect(message.body).not.toContain('Mozilla');
    expect(message.data).toMatchObject({ userAgent: ua, device: 'Chrome on Linux' });
  });
});
