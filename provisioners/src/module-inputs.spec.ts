import { backendConfig, cliConfig, moduleVariables } from './module-inputs';
import { parseRunConfig, type RunConfig } from './run-config';

const config = (overrides: Record<string, string>): RunConfig => {
  const result = parseRunConfig({
    STRATA_RUN_ID: '11111111-2222-4333-8444-555555555555',
    STRATA_CLUSTER_ID: '7f3e2d1c-0b9a-4877-8665-544332211000',
    STRATA_ORG_ID: '0b6d4c1e-8a35-4c55-9d1e-2f1a3b4c5d6e',
    STRATA_ACTION: 'apply',
    CLUSTER_NAME: 'demo',
    CLUSTER_REGION: 'europe-west1',
    CLUSTER_KUBERNETES_VERSION: '1.33',
    CLUSTER_VPC_CIDR: '10.0.0.0/16',
    CLUSTER_PUBLIC_SUBNET_CIDRS: '10.0.0.0/19',
    CLUSTER_PRIVATE_SUBNET_CIDRS: '10.0.128.0/18,10.0.192.0/18',
    CLUSTER_NODE_INSTANCE_TYPE: 'e2-standard-4',
    CLUSTER_NODE_MIN_SIZE: '0',
    CLUSTER_NODE_MAX_SIZE: '5',
    STATE_KEY: 'clusters/o/c/terraform.tfstate',
    ...overrides,
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config;
};
const gcp = () =>
  config({
    STRATA_PROVIDER: 'gcp',
    STATE_BACKEND: 'gcs',
    STATE_GCS_BUCKET: 'strata-state',
    GOOGLE_CREDENTIALS: JSON.stringify({ project_id: 'strata-demo-123', private_key: 'pk-value' }),
  });

describe('module inputs', () => {
  it('maps the CLUSTER_* environment to the module variables; gcp adds the key project', () => {
    expect(moduleVariables(gcp())).toEqual({
      org_id: '0b6d4c1e-8a35-4c55-9d1e-2f1a3b4c5d6e',
      cluster_id: '7f3e2d1c-0b9a-4877-8665-544332211000',
      cluster_name: 'demo',
      region: 'europe-west1',
      kubernetes_version: '1.33',
      vpc_cidr: '10.0.0.0/16',
      public_subnet_cidrs: ['10.0.0.0/19'],
      private_subnet_cidrs: ['10.0.128.0/18', '10.0.192.0/18'],
      node_instance_type: 'e2-standard-4',
      node_min_size: 0,
      node_max_size: 5,
      project_id: 'strata-demo-123',
    });
  });

  it('writes one state object per cluster: gcs prefix is the key directory, azurerm with Entra ID', () => {
    expect(backendConfig(gcp().state)).toEqual({
      terraform: { backend: { gcs: { bucket: 'strata-state', prefix: 'clusters/o/c' } } },
    });
    const azure = config({
      STRATA_PROVIDER: 'azure',
      CLUSTER_REGION: 'westeurope',
      STATE_BACKEND: 'azurerm',
      STATE_AZURE_STORAGE_ACCOUNT: 'stratastate',
      STATE_AZURE_CONTAINER: 'tfstate',
      ARM_TENANT_ID: 't',
      ARM_CLIENT_ID: 'c',
      ARM_CLIENT_SECRET: 'secret-value',
      ARM_SUBSCRIPTION_ID: 's',
    });
    expect(backendConfig(azure.state)).toEqual({
      terraform: {
        backend: {
          azurerm: {
            storage_account_name: 'stratastate',
            container_name: 'tfstate',
            key: 'clusters/o/c/terraform.tfstate',
            use_azuread_auth: true,
          },
        },
      },
    });
    expect(JSON.stringify(backendConfig(azure.state))).not.toContain('secret-value');
  });

  it('points provider installation at the mirror only', () => {
    const text = cliConfig('/opt/strata/providers');
    expect(text).toContain('filesystem_mirror {');
    expect(text).toContain('path    = "/opt/strata/providers"');
    expect(text).not.toContain('direct');
  });
});
