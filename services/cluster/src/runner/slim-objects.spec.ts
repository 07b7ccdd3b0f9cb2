import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { slimJob, slimPod } from './slim-objects';

describe('slim informer objects', () => {
  it('keeps of a Job only its name, version, uid, run id and status', () => {
    const job: V1Job = {
      metadata: {
        name: 'strata-apply-abc',
        resourceVersion: '7',
        uid: 'u1',
        labels: { 'strata.dev/run-id': 'r1', 'strata.dev/managed-by': 'strata-cluster' },
        managedFields: [{ manager: 'kubectl' }],
      },
      spec: { template: { spec: { containers: [{ name: 'job', image: 'x', env: [] }] } } },
      status: {
        active: 0,
        succeeded: 1,
        startTime: new Date(),
        conditions: [
          { type: 'Complete', status: 'True', lastTransitionTime: new Date(), reason: 'Done' },
        ],
      },
    };
    expect(slimJob(job)).toEqual({
      metadata: {
        name: 'strata-apply-abc',
        resourceVersion: '7',
        uid: 'u1',
        labels: { 'strata.dev/run-id': 'r1' },
      },
      status: {
        active: 0,
        succeeded: 1,
        conditions: [{ type: 'Complete', status: 'True', reason: 'Done' }],
      },
    });
  });

  it('keeps of a Pod its phase and the job container’s termination only', () => {
    const pod: V1Pod = {
      metadata: { name: 'p1', resourceVersion: '9', labels: { 'strata.dev/run-id': 'r1' } },
      spec: { containers: [{ name: 'job', image: 'x' }] },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'sidecar',
            image: 'y',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0 } },
          },
          {
            name: 'job',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 2, reason: 'Error', message: '{"error":"no"}' } },
          },
        ],
      },
    };
    expect(slimPod(pod)).toEqual({
      metadata: { name: 'p1', resourceVersion: '9', labels: { 'strata.dev/run-id': 'r1' } },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'job',
            state: { terminated: { exitCode: 2, reason: 'Error', message: '{"error":"no"}' } },
          },
        ],
      },
    });
    expect(slimPod({ metadata: { name: 'p2' }, status: { phase: 'Pending' } })).toEqual({
      metadata: { name: 'p2' },
      status: { phase: 'Pending' },
    });
  });
});
