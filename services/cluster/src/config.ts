import { baseConfigSchema, databaseConfigSchema, orgUsageConfigSchema, z } from '@strata/config';
import { keyRingIssues, keyRingSource } from '@strata/crypto';

export const clusterConfigSchema = baseConfigSchema
  .extend(databaseConfigSchema.shape)
  .extend(orgUsageConfigSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3005),
    /** Access tokens forwarded by the gateway are verified against auth's JWKS with these. */
    AUTH_ISSUER: z.string().min(1).default('strata'),
    AUTH_AUDIENCE: z.string().min(1).default('strata-api'),
    /**
     * `auto`: the Kubernetes runner when KUBECONFIG is set or the service runs in a cluster
     * (KUBERNETES_SERVICE_HOST), otherwise the local runner.
     */
    CLUSTER_RUNNER: z.enum(['auto', 'kubernetes', 'local']).default('auto'),
    /** Read by @kubernetes/client-node (loadFromDefault); here to decide `auto`. */
    KUBECONFIG: z.string().optional(),
    KUBERNETES_SERVICE_HOST: z.string().optional(),
    /** The namespace of the run Jobs, Pods and Secrets. */
    CLUSTER_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
      .default('strata-runs'),
    /** The sandbox provider's image (it runs sandbox/sandbox-job.mjs). */
    CLUSTER_IMAGE_SANDBOX_APPLY: z.string().default('strata/sandbox-job:0.1.0'),
    CLUSTER_IMAGE_SANDBOX_DESTROY: z.string().default('strata/sandbox-job:0.1.0'),
    /** The provisioner images (provisioners/*; one per provider serves apply and destroy). Empty: not offered. */
    CLUSTER_IMAGE_AWS_APPLY: z.string().default('strata/provisioner-aws:0.1.0'),
    CLUSTER_IMAGE_AWS_DESTROY: z.string().default('strata/provisioner-aws:0.1.0'),
    CLUSTER_IMAGE_AZURE_APPLY: z.string().default('strata/provisioner-azure:0.1.0'),
    CLUSTER_IMAGE_AZURE_DESTROY: z.string().default('strata/provisioner-azure:0.1.0'),
    CLUSTER_IMAGE_GCP_APPLY: z.string().default('strata/provisioner-gcp:0.1.0'),
    CLUSTER_IMAGE_GCP_DESTROY: z.string().default('strata/provisioner-gcp:0.1.0'),
    /** App runs (install, upgrade, uninstall) on aws/azure/gcp clusters. */
    CLUSTER_IMAGE_APP_INSTALLER: z.string().default('strata/app-installer:0.1.0'),
    /** App runs on sandbox clusters (the sandbox-job image runs sandbox/sandbox-installer.mjs). */
    CLUSTER_IMAGE_SANDBOX_INSTALLER: z.string().default('strata/sandbox-job:0.1.0'),
    /**
     * "kid1:base64key,...": 256-bit master keys sealing apps' generated secrets (envelope
     * encryption, @strata/crypto); CLUSTER_ACTIVE_KEY_ID wraps new data keys. Outside production a
     * development key is generated in CLUSTER_DEV_KEY_FILE when unset.
     */
    CLUSTER_MASTER_KEYS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().optional(),
    ),
    CLUSTER_ACTIVE_KEY_ID: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().optional(),
    ),
    CLUSTER_DEV_KEY_FILE: z.string().optional(),
    /** Connections of the run transitions' own pool (plain SQL, beside Prisma's pool). */
    CLUSTER_TRANSITIONS_POOL_SIZE: z.coerce.number().int().min(1).max(20).default(2),
    /**
     * V8's old-generation growing factor for this process, as a percentage over the live heap
     * (`--heap-growing-percent`, set at start); 0 leaves V8's own, which on a machine with lots
     * of memory lets the heap grow to 4x what is live before a full collection.
     */
    CLUSTER_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(50),
    /** Most run transitions applied in one transaction. */
    CLUSTER_TRANSITIONS_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
    CLUSTER_JOB_DEADLINE_SECONDS: z.coerce.number().int().min(60).default(3600),
    CLUSTER_JOB_TTL_SECONDS: z.coerce.number().int().min(0).default(86400),
    CLUSTER_JOB_RUN_AS_USER: z.coerce.number().int().min(1).default(10001),
    CLUSTER_JOB_CPU_REQUEST: z.string().default('250m'),
    CLUSTER_JOB_MEMORY_REQUEST: z.string().default('256Mi'),
    CLUSTER_JOB_CPU_LIMIT: z.string().default('1'),
    CLUSTER_JOB_MEMORY_LIMIT: z.string().default('1Gi'),
    /** Grace period given to a cancelled run's Pod. */
    CLUSTER_CANCEL_GRACE_SECONDS: z.coerce.number().int().min(0).default(30),
    /** Where the local runner keeps termination files. */
    CLUSTER_LOCAL_WORKDIR: z.string().default('.strata/cluster-runs'),
    /** Service credential for cloud.credentials.issue and cloud.kube_token.issue (the same value as the cloud service's). */
    CLOUD_INTERNAL_TOKEN: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    for (const { variable, message } of keyRingIssues(keyRingSource('CLUSTER', config)))
      ctx.addIssue({ code: 'custom', path: [variable], message });
  });

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export const CLUSTER_CONFIG = Symbol('CLUSTER_CONFIG');

/** CLUSTER_IMAGE_<PROVIDER>_<ACTION>. */
export function imageFor(config: ClusterConfig, provider: string, action: string) {
  const key =
    `CLUSTER_IMAGE_${provider.toUpperCase()}_${action.toUpperCase()}` as keyof ClusterConfig;
  const value = config[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
