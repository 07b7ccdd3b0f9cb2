/**
 * The OpenTofu modules, read with HCL's own parser (@cdktf/hcl2json, HashiCorp's HCL compiled to
 * wasm): every .tf file parses; each module declares exactly the variables the entrypoint passes
 * (taken from the entrypoint's code) and outputs exactly the contract's outputs, none sensitive;
 * providers and modules are pinned to exact versions.
 */
import { parse } from '@cdktf/hcl2json';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { moduleVariables } from '../src/module-inputs';
import { MODULE_OF, parseRunConfig, type Provider } from '../src/run-config';
import { CONTRACT_OUTPUTS } from '../src/termination';
import { awsRunEnv } from './entrypoint-run';

type Block = Record<string, unknown>;
type Parsed = Record<string, Record<string, Block[]> | Block[]>;

const root = path.resolve(__dirname, '..');

async function parseModule(dir: string): Promise<Parsed[]> {
  const files = (await readdir(path.join(root, dir))).filter((f) => f.endsWith('.tf')).sort();
  return Promise.all(
    files.map(
      async (file) =>
        (await parse(file, await readFile(path.join(root, dir, file), 'utf8'))) as Parsed,
    ),
  );
}
const named = (parsed: Parsed[], kind: 'variable' | 'output' | 'module') =>
  Object.assign({}, ...parsed.map((p) => (p[kind] ?? {}) as Record<string, Block[]>)) as Record<
    string,
    Block[]
  >;

/** A valid run environment for each provider, so the entrypoint's own mapping can be asked. */
function runEnv(provider: Provider): Record<string, string> {
  const env = { ...awsRunEnv(), STRATA_PROVIDER: provider };
  if (provider === 'azure')
    Object.assign(env, {
      STATE_BACKEND: 'azurerm',
      STATE_AZURE_STORAGE_ACCOUNT: 'stratastate',
      STATE_AZURE_CONTAINER: 'tfstate',
      ARM_TENANT_ID: 't',
      ARM_CLIENT_ID: 'c',
      ARM_CLIENT_SECRET: 'client-secret-value',
      ARM_SUBSCRIPTION_ID: 's',
    });
  if (provider === 'gcp')
    Object.assign(env, {
      STATE_BACKEND: 'gcs',
      STATE_GCS_BUCKET: 'strata-state',
      GOOGLE_CREDENTIALS: JSON.stringify({ project_id: 'strata-demo-123', private_key: 'k' }),
    });
  return env;
}

describe.each(Object.entries(MODULE_OF) as Array<[Provider, string]>)(
  'provisioners/%s module (%s)',
  (provider, dir) => {
    let parsed: Parsed[];
    beforeAll(async () => {
      parsed = await parseModule(dir);
    });

    it('declares exactly the variables the entrypoint passes, each typed and described', () => {
      const result = parseRunConfig(runEnv(provider));
      if (!result.ok) throw new Error(result.problems.join('; '));
      const passed = Object.keys(moduleVariables(result.config)).sort();
      const variables = named(parsed, 'variable');
      expect(Object.keys(variables).sort()).toEqual(passed);
      for (const [name, [variable]] of Object.entries(variables)) {
        expect([name, typeof variable!.type]).toEqual([name, 'string']);
        expect([name, typeof variable!.description]).toEqual([name, 'string']);
        expect(variable).not.toHaveProperty('default');
      }
    });

    it('outputs exactly the contract outputs, none sensitive, nothing secret', () => {
      const outputs = named(parsed, 'output');
      expect(Object.keys(outputs).sort()).toEqual([...CONTRACT_OUTPUTS].sort());
      for (const [name, [output]] of Object.entries(outputs)) {
        expect([name, output!.sensitive ?? false]).toEqual([name, false]);
        expect([name, typeof output!.description]).toEqual([name, 'string']);
        expect(String(output!.value)).not.toMatch(
          /kube_config_raw|kube_admin_config|client_key|client_certificate|password|\.token/,
        );
      }
    });

    it('pins every provider and module to an exact version', () => {
      const terraform = parsed.flatMap((p) => (p.terraform ?? []) as Block[]);
      const providers = terraform.flatMap(
        (t) =>
          (t.required_providers ?? []) as Array<
            Record<string, { source: string; version: string }>
          >,
      );
      const pins = providers.flatMap((p) => Object.values(p));
      expect(pins.length).toBeGreaterThan(0);
      for (const pin of pins) {
        expect(pin.source).toMatch(/^hashicorp\/[a-z]+$/);
        expect(pin.version).toMatch(/^= \d+\.\d+\.\d+$/);
      }
      for (const [name, [module]] of Object.entries(named(parsed, 'module'))) {
        expect([name, module!.source]).toEqual([
          name,
          expect.stringMatching(/^terraform-aws-modules\//),
        ]);
        expect([name, module!.version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
      }
    });

    it('labels what it creates with the organization and cluster ids', async () => {
      const text = (
        await Promise.all(
          ['main.tf', 'versions.tf'].map((f) => readFile(path.join(root, dir, f), 'utf8')),
        )
      ).join('\n');
      expect(text).toContain('local.strata_labels');
    });
  },
);

describe('module specifics', () => {
  const text = (dir: string, file = 'main.tf') => readFile(path.join(root, dir, file), 'utf8');

  it('aws-eks: EKS v21 with the core add-ons, AL2023, public endpoint, creator admin, ELB subnet tags', async () => {
    const [main] = await parseModule('aws-eks').then((p) => [named(p, 'module')]);
    const eks = main!.eks![0]!;
    const vpc = main!.vpc![0]!;
    expect(eks.version).toMatch(/^21\./);
    expect(Object.keys(eks.addons as object).sort()).toEqual([
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
    expect(eks.endpoint_public_access).toBe(true);
    expect(eks.enable_cluster_creator_admin_permissions).toBe(true);
    expect(await text('aws-eks')).toMatch(/AL2023_x86_64_STANDARD/);
    expect(vpc.enable_nat_gateway).toBe(true);
    expect(vpc.public_subnet_tags).toEqual({ 'kubernetes.io/role/elb': '1' });
    expect(vpc.private_subnet_tags).toEqual({ 'kubernetes.io/role/internal-elb': '1' });
  });

  it('azure-aks: Entra ID with Azure RBAC, no local accounts, OIDC + workload identity, cluster admin role', async () => {
    const parsed = await parseModule('azure-aks');
    const resources = Object.assign({}, ...parsed.map((p) => p.resource ?? {})) as Record<
      string,
      Record<string, Block[]>
    >;
    const aks = resources.azurerm_kubernetes_cluster!.this![0]!;
    expect(aks.local_account_disabled).toBe(true);
    expect(aks.oidc_issuer_enabled).toBe(true);
    expect(aks.workload_identity_enabled).toBe(true);
    expect(
      (aks.azure_active_directory_role_based_access_control as Block[])[0]!.azure_rbac_enabled,
    ).toBe(true);
    expect((aks.identity as Block[])[0]!.type).toBe('SystemAssigned');
    expect((aks.default_node_pool as Block[])[0]!.auto_scaling_enabled).toBe(true);
    const role = resources.azurerm_role_assignment!.strata_cluster_admin![0]!;
    expect(role.role_definition_name).toBe('Azure Kubernetes Service RBAC Cluster Admin');
    expect(role.principal_id).toBe('${data.azurerm_client_config.current.object_id}');
  });

  it('gcp-gke: default pool removed, deletion protection off, autoscaling node pool, secondary ranges', async () => {
    const parsed = await parseModule('gcp-gke');
    const resources = Object.assign({}, ...parsed.map((p) => p.resource ?? {})) as Record<
      string,
      Record<string, Block[]>
    >;
    const gke = resources.google_container_cluster!.this![0]!;
    expect(gke.remove_default_node_pool).toBe(true);
    expect(gke.initial_node_count).toBe(1);
    expect(gke.deletion_protection).toBe(false);
    const pool = resources.google_container_node_pool!.default![0]!;
    expect((pool.autoscaling as Block[])[0]).toMatchObject({
      total_min_node_count: '${var.node_min_size}',
      total_max_node_count: '${var.node_max_size}',
    });
    const subnet = resources.google_compute_subnetwork!.nodes![0]!;
    expect(subnet.secondary_ip_range).toEqual([
      { range_name: 'pods', ip_cidr_range: '${var.private_subnet_cidrs[1]}' },
      { range_name: 'services', ip_cidr_range: '${var.public_subnet_cidrs[0]}' },
    ]);
  });
});
