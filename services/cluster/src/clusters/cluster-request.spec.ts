import { parseCidr } from './cidr';
import { validateClusterRequest } from './cluster-request';

const ACCOUNT = '0b6f2f3e-2f0a-4c59-9d0a-3f6f1a2b3c4d';
const CONNECTOR = '5d1e7c2a-8b3f-4e6d-9a1c-2b3c4d5e6f70';
const base = {
  provider: 'aws',
  cloudAccountId: ACCOUNT,
  stateConnectorId: CONNECTOR,
  namePrefix: 'data',
  region: 'eu-west-1',
};
const errorsOf = (input: object) => {
  const result = validateClusterRequest({ ...base, ...input });
  return result.ok ? [] : result.errors;
};

describe('cluster request validation', () => {
  it('fills the documented defaults', () => {
    const result = validateClusterRequest({ ...base, nameSuffix: 'prod' });
    expect(result).toEqual({
      ok: true,
      spec: {
        provider: 'aws',
        cloudAccountId: ACCOUNT,
        name: 'data-prod',
        region: 'eu-west-1',
        stateConnectorId: CONNECTOR,
        vpcCidr: '10.0.0.0/16',
        publicSubnetCidrs: ['10.0.0.0/19', '10.0.32.0/19'],
        privateSubnetCidrs: ['10.0.128.0/18', '10.0.192.0/18'],
        kubernetesVersion: '1.33',
        nodePool: { instanceType: 't3.large', minSize: 1, maxSize: 3 },
        sandboxFailAt: null,
      },
    });
  });

  it('derives the default subnets from a custom VPC', () => {
    const result = validateClusterRequest({ ...base, vpcCidr: '172.20.0.0/20' });
    expect(result.ok && result.spec.publicSubnetCidrs).toEqual(['172.20.0.0/23', '172.20.2.0/23']);
    expect(result.ok && result.spec.privateSubnetCidrs).toEqual([
      '172.20.8.0/22',
      '172.20.12.0/22',
    ]);
  });

  it('requires account, name and region, each against its field', () => {
    const result = validateClusterRequest({ provider: 'aws' });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'cloudAccountId',
      'namePrefix',
      'region',
      'stateConnectorId',
    ]);
  });

  it('requires a state connector for a real provider and refuses one for the sandbox', () => {
    for (const provider of ['aws', 'azure', 'gcp'])
      expect(errorsOf({ provider, region: '', stateConnectorId: '' })).toContainEqual({
        field: 'stateConnectorId',
        message: `is required for ${provider} clusters (the storage connector that keeps the OpenTofu state)`,
      });
    expect(errorsOf({ provider: 'sandbox', cloudAccountId: '', region: 'sandbox-1' })).toEqual([
      {
        field: 'stateConnectorId',
        message: 'must be empty for the sandbox provider (it keeps no state)',
      },
    ]);
    expect(errorsOf({ stateConnectorId: 'bucket' })).toEqual([
      { field: 'stateConnectorId', message: 'must be a UUID' },
    ]);
  });

  it('refuses a name that is not a DNS-1123 label', () => {
    expect(errorsOf({ namePrefix: 'Data_Lake' })[0]?.field).toBe('namePrefix');
    expect(errorsOf({ namePrefix: 'data', nameSuffix: '-x' })[0]?.field).toBe('nameSuffix');
    expect(errorsOf({ namePrefix: '9lives' })[0]?.field).toBe('namePrefix');
    expect(errorsOf({ namePrefix: 'a'.repeat(30), nameSuffix: 'b'.repeat(15) })[0]?.field).toBe(
      'namePrefix',
    );
  });

  it('checks the region against the provider', () => {
    expect(errorsOf({ region: 'westeurope' })[0]).toMatchObject({ field: 'region' });
    expect(errorsOf({ provider: 'azure', region: 'westeurope' })).toEqual([]);
  });

  it('refuses subnets outside the VPC, overlapping or malformed', () => {
    expect(
      errorsOf({
        vpcCidr: '10.0.0.0/16',
        publicSubnetCidrs: ['10.0.0.0/20', '10.0.8.0/24'],
        privateSubnetCidrs: ['10.1.0.0/20', '10.0.300.0/24', '10.0.64.1/24'],
      }),
    ).toEqual([
      { field: 'publicSubnetCidrs.1', message: 'overlaps publicSubnetCidrs.0 (10.0.0.0/20)' },
      { field: 'privateSubnetCidrs.0', message: 'must be inside the VPC 10.0.0.0/16' },
      { field: 'privateSubnetCidrs.1', message: 'must be an IPv4 CIDR block (host bits zero)' },
      { field: 'privateSubnetCidrs.2', message: 'must be an IPv4 CIDR block (host bits zero)' },
    ]);
    expect(errorsOf({ vpcCidr: '10.0.0.0/8' })[0]?.field).toBe('vpcCidr');
    expect(errorsOf({ vpcCidr: 'ten' })[0]?.field).toBe('vpcCidr');
  });

  it('accepts only supported Kubernetes versions', () => {
    expect(errorsOf({ kubernetesVersion: '1.20' })[0]?.field).toBe('kubernetesVersion');
    expect(errorsOf({ kubernetesVersion: '1.31' })).toEqual([]);
  });

  it('wants min <= max in the node pool', () => {
    expect(errorsOf({ nodePool: { minSize: 5, maxSize: 2 } })).toEqual([
      { field: 'nodePool.minSize', message: 'must not be greater than maxSize' },
    ]);
  });

  it('takes the sandbox without a cloud account, and its failure switch only there', () => {
    expect(
      validateClusterRequest({
        provider: 'sandbox',
        namePrefix: 'try',
        region: 'sandbox-1',
        sandboxFailAt: 'network',
      }).ok,
    ).toBe(true);
    expect(errorsOf({ sandboxFailAt: 'network' })[0]?.field).toBe('sandboxFailAt');
    expect(
      validateClusterRequest({
        provider: 'sandbox',
        cloudAccountId: ACCOUNT,
        namePrefix: 'try',
        region: 'sandbox-1',
      }).ok,
    ).toBe(false);
  });

  it('parses CIDRs strictly', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ network: 167772160, prefix: 16, size: 65536 });
    expect(parseCidr('10.0.0.1/16')).toBeNull();
    expect(parseCidr('010.0.0.0/16')).toBeNull();
    expect(parseCidr('255.255.255.255/32')).not.toBeNull();
  });
});
