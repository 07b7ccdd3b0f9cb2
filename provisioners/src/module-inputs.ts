/**
 * What the entrypoint gives OpenTofu, as files in the run's copy of the module: the module's
 * variables (strata.auto.tfvars.json, loaded automatically), the state backend
 * (strata_backend.tf.json, one state object per cluster) and the CLI configuration (providers
 * from the image's filesystem mirror only). Pure: values in, JSON/HCL text out. Nothing here is
 * secret: credentials reach tofu through its environment only.
 */
import type { RunConfig, StateBackend } from './run-config';

export const TFVARS_FILE = 'strata.auto.tfvars.json';
export const BACKEND_FILE = 'strata_backend.tf.json';

export type ModuleVariables = Record<string, string | number | string[]>;

/** The module's input variables (provisioners/common/variables.tf, gcp-gke/project.tf). */
export function moduleVariables(config: RunConfig): ModuleVariables {
  const c = config.cluster;
  return {
    org_id: config.orgId,
    cluster_id: config.clusterId,
    cluster_name: c.name,
    region: c.region,
    kubernetes_version: c.kubernetesVersion,
    vpc_cidr: c.vpcCidr,
    public_subnet_cidrs: c.publicSubnetCidrs,
    private_subnet_cidrs: c.privateSubnetCidrs,
    node_instance_type: c.nodeInstanceType,
    node_min_size: c.nodeMinSize,
    node_max_size: c.nodeMaxSize,
    ...(config.provider === 'gcp' ? { project_id: config.gcpProjectId ?? '' } : {}),
  };
}

/** `terraform { backend "<type>" { ... } }` in JSON syntax. */
export function backendConfig(state: StateBackend): object {
  switch (state.type) {
    case 's3':
      // S3-native locking (a .tflock object beside the state), no DynamoDB table.
      return backend('s3', {
        bucket: state.bucket,
        key: state.key,
        region: state.region,
        encrypt: true,
        use_lockfile: true,
      });
    case 'azurerm':
      // Entra ID (the run's service principal, ARM_* env) instead of storage account keys.
      return backend('azurerm', {
        storage_account_name: state.storageAccount,
        container_name: state.container,
        key: state.key,
        use_azuread_auth: true,
      });
    case 'gcs':
      return backend('gcs', { bucket: state.bucket, prefix: state.prefix });
  }
}

const backend = (type: string, settings: Record<string, string | boolean>) => ({
  terraform: { backend: { [type]: settings } },
});

/** The CLI configuration: providers come from the image's mirror, never from a registry. */
export function cliConfig(providerMirror: string): string {
  return [
    '# Written by the Strata provisioner entrypoint: no provider is downloaded at run time.',
    'disable_checkpoint = true',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(providerMirror)}`,
    '    include = ["registry.opentofu.org/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}
