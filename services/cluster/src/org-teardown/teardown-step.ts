import type { ClusterState, RunAction, RunState } from '../generated/prisma/enums';
import { canCancel, canDelete } from '../clusters/cluster-state';

export type TeardownStep = 'cancel' | 'destroy' | 'wait' | 'stuck';

/**
 * What an organization's teardown does next with one of its clusters (pure): cancel a running
 * apply, destroy a cluster at rest, wait for a destroy (or a cancel) in flight; a destroy that
 * failed since the teardown was asked for is `stuck` until an owner asks again.
 */
export function teardownStep(
  cluster: { state: ClusterState },
  latestRun: { action: RunAction; state: RunState; createdAt: Date } | undefined,
  requestedAt: Date,
): TeardownStep {
  const active = latestRun && (latestRun.state === 'PENDING' || latestRun.state === 'RUNNING');
  if (active) return canCancel(latestRun) ? 'cancel' : 'wait';
  if (!canDelete(cluster.state)) return 'wait';
  const failedDestroy =
    latestRun?.action === 'destroy' &&
    latestRun.state === 'FAILED' &&
    latestRun.createdAt >= requestedAt;
  return failedDestroy ? 'stuck' : 'destroy';
}
