import { runParams } from './run-params';

const cluster = {
  id: 'c1',
  orgId: 'o1',
  name: 'data-prod',
  provider: 'aws' as const,
  region: 'eu-west-1',
  cloudAccountId: 'a1',
  stateConnectorId: 's1',
  stateBackend: 's3' as const,
  stateBucket: 'state',
  stateRegion: 'eu-central-1',
  stateStorageAccount: null,
  stateContainer: null,
  vpcCidr: '10.0.0.0/16',
  publicSubnetCidrs: ['10.0.0.0/19', '10.0.32.0/19'],
  privateSubnetCidrs: ['10.0.128.0/18'],
  kubernetesVersion: '1.32',
  nodeInstanceType: 't3.large',
  nodeMinSize: 1,
  nodeMaxSize: 3,
  sandboxFailAt: null,
  state: 'READY' as const,
  outputs: null,
  failureReason: null,
  createdBy: 'u1',
  createdAt: new Date(),
  updatedAt: new Date(),
};
const run = {
  id: 'r1',
  clusterId: 'c1',
  orgId: 'o1',
  action: 'apply' as const,
  state: 'PENDING' as const,
  jobName: 'strata-apply-r1',
  progressStep: null,
  progressPercent: 0,
  failureReason: null,
  logTail: null,
  outputs: null,
  changes: null,
  logSize: 0n,
  logComplete: false,
  requestedBy: 'u1',
  createdAt: new Date(),
  startedAt: null,
  finishedAt: null,
};

describe('run parameters', () => {
  it('give a real provider its organization and stored state backend', () => {
    expect(runParams(cluster, run)).toMatchObject({
      STRATA_ORG_ID: 'o1',
      STATE_BACKEND: 's3',
      STATE_S3_BUCKET: 'state',
      STATE_S3_REGION: 'eu-central-1',
      STATE_KEY: 'clusters/o1/c1/terraform.tfstate',
      CLUSTER_KUBERNETES_VERSION: '1.32',
      CLUSTER_NODE_MAX_SIZE: '3',
    });
  });

  it('carry a change run’s new values, not the recorded ones', () => {
    const changed = runParams(cluster, {
      ...run,
      changes: { kubernetesVersion: { from: '1.32', to: '1.33' }, nodeMaxSize: { from: 3, to: 6 } },
    });
    expect(changed).toMatchObject({
      CLUSTER_KUBERNETES_VERSION: '1.33',
      CLUSTER_NODE_MIN_SIZE: '1',
      CLUSTER_NODE_MAX_SIZE: '6',
    });
  });

  it('give the sandbox no organization and no backend', () => {
    const params = runParams(
      { ...cluster, provider: 'sandbox', stateBackend: null, stateConnectorId: null },
      run,
    );
    expect(params.STRATA_ORG_ID).toBeUndefined();
    expect(
      Object.keys(params).filter(
        (k) => k.startsWith('STATE_') && k !== 'STATE_KEY' && k !== 'STATE_CONNECTOR_ID',
      ),
    ).toEqual([]);
  });
});
