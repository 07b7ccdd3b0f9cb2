import { parseGoogleKey, parseRunConfig } from './run-config';

const base = {
  STRATA_RUN_ID: '11111111-2222-4333-8444-555555555555',
  STRATA_CLUSTER_ID: '7f3e2d1c-0b9a-4877-8665-544332211000',
  STRATA_ORG_ID: '0b6d4c1e-8a35-4c55-9d1e-2f1a3b4c5d6e',
  STRATA_ACTION: 'apply',
  STRATA_PROVIDER: 'aws',
  CLUSTER_NAME: 'demo',
  CLUSTER_REGION: 'eu-west-1',
  CLUSTER_KUBERNETES_VERSION: '1.33',
  CLUSTER_VPC_CIDR: '10.0.0.0/16',
  CLUSTER_PUBLIC_SUBNET_CIDRS: '10.0.0.0/19, 10.0.32.0/19',
  CLUSTER_PRIVATE_SUBNET_CIDRS: '10.0.128.0/18,10.0.192.0/18',
  CLUSTER_NODE_INSTANCE_TYPE: 't3.large',
  CLUSTER_NODE_MIN_SIZE: '1',
  CLUSTER_NODE_MAX_SIZE: '3',
  STATE_BACKEND: 's3',
  STATE_KEY: 'clusters/o/c/terraform.tfstate',
  STATE_S3_BUCKET: 'strata-state',
  STATE_S3_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE000000001',
  AWS_SECRET_ACCESS_KEY: 'secret-access-key-value',
};
const problems = (env: Record<string, string | undefined>) => {
  const result = parseRunConfig({ ...base, ...env });
  return result.ok ? [] : result.problems;
};

describe('parseRunConfig', () => {
  it('accepts an AWS run and collects the values to mask', () => {
    const result = parseRunConfig(base);
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.cluster.publicSubnetCidrs).toEqual(['10.0.0.0/19', '10.0.32.0/19']);
    expect(result.config.state).toEqual({
      type: 's3',
      bucket: 'strata-state',
      region: 'eu-west-1',
      key: 'clusters/o/c/terraform.tfstate',
    });
    expect(result.config.secrets).toEqual(['AKIAEXAMPLE000000001', 'secret-access-key-value']);
    expect(result.config.cancelGraceMs).toBe(20000);
    expect(result.config.workDir).toBe('/tmp/strata');
  });

  it('names every missing or bad variable, never a credential value', () => {
    const found = problems({
      STRATA_ACTION: 'upgrade',
      CLUSTER_VPC_CIDR: '10.0.0.1/16',
      CLUSTER_PRIVATE_SUBNET_CIDRS: '10.0.128.0/18',
      CLUSTER_NODE_MIN_SIZE: '4',
      AWS_SECRET_ACCESS_KEY: undefined,
      STATE_KEY: '../escape',
      STRATA_CANCEL_GRACE_SECONDS: '0',
    });
    expect(found).toEqual([
      'STRATA_ACTION must be one of apply, destroy',
      'CLUSTER_PRIVATE_SUBNET_CIDRS must hold at least 2 CIDR blocks',
      'CLUSTER_VPC_CIDR must be an IPv4 CIDR block from /16 to /24',
      'CLUSTER_NODE_MAX_SIZE must be at least CLUSTER_NODE_MIN_SIZE',
      'STATE_KEY is not an object key',
      "AWS_SECRET_ACCESS_KEY is missing (the run's credentials Secret)",
      'STRATA_CANCEL_GRACE_SECONDS must be a number of seconds, more than 0 and at most 3600',
    ]);
    expect(found.join(' ')).not.toContain('AKIAEXAMPLE000000001');
  });

  it('wants the backend of the provider’s cloud and its settings', () => {
    expect(problems({ STATE_BACKEND: 'azurerm' })).toEqual([
      'STATE_BACKEND must be s3 for provider aws',
      'STATE_AZURE_STORAGE_ACCOUNT is missing (STATE_BACKEND=azurerm)',
      'STATE_AZURE_CONTAINER is missing (STATE_BACKEND=azurerm)',
    ]);
    expect(problems({ STATE_BACKEND: undefined })).toEqual([
      'STATE_BACKEND is missing (a state connector of the cluster’s cloud)',
    ]);
  });

  it('takes the GCP project from the key and masks the key’s private parts', () => {
    const key = {
      project_id: 'strata-demo-123',
      private_key: 'PRIVATE-KEY-PEM',
      private_key_id: 'abcdef123456',
    };
    const result = parseRunConfig({
      ...base,
      STRATA_PROVIDER: 'gcp',
      STATE_BACKEND: 'gcs',
      STATE_GCS_BUCKET: 'strata-state',
      GOOGLE_CREDENTIALS: JSON.stringify(key),
    });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.gcpProjectId).toBe('strata-demo-123');
    expect(result.config.secrets).toEqual(
      expect.arrayContaining([JSON.stringify(key), 'PRIVATE-KEY-PEM', 'abcdef123456']),
    );
    expect(parseGoogleKey('{"project_id": "X"}')).toBe(
      'GOOGLE_CREDENTIALS has no valid project_id (the project the cluster goes to)',
    );
    expect(parseGoogleKey('nope')).toBe('GOOGLE_CREDENTIALS is not JSON (a service account key)');
  });
});
