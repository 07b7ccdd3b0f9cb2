import { z } from '@strata/config';

const cidr = z.string().max(64);
/** Shapes only: the cluster service checks the meaning (CIDRs, regions, names) per field. */
export const createClusterBody = z.strictObject({
  provider: z
    .enum(['aws', 'azure', 'gcp', 'sandbox'], {
      message: 'must be one of aws, azure, gcp, sandbox',
    })
    .optional(),
  cloudAccountId: z.string().uuid('must be a UUID').optional(),
  namePrefix: z.string({ message: 'is required' }).max(100),
  nameSuffix: z.string().max(100).optional(),
  region: z.string({ message: 'is required' }).max(64),
  stateConnectorId: z.string().uuid('must be a UUID').optional(),
  vpcCidr: cidr.optional(),
  publicSubnetCidrs: z.array(cidr).max(16).optional(),
  privateSubnetCidrs: z.array(cidr).max(16).optional(),
  kubernetesVersion: z.string().max(32).optional(),
  nodePool: z
    .strictObject({
      instanceType: z.string().max(64).optional(),
      minSize: z.number().int().min(0).max(1000).optional(),
      maxSize: z.number().int().min(0).max(1000).optional(),
    })
    .optional(),
  sandboxFailAt: z.string().max(64).optional(),
});
export type CreateClusterBody = z.infer<typeof createClusterBody>;

/** PATCH a cluster: the node pool's sizes and/or the next Kubernetes minor version. */
export const changeClusterBody = z.strictObject({
  kubernetesVersion: z.string().max(32).optional(),
  nodePool: z
    .strictObject({
      minSize: z.number().int().min(0).max(1000).optional(),
      maxSize: z.number().int().min(0).max(1000).optional(),
    })
    .optional(),
});
export type ChangeClusterBody = z.infer<typeof changeClusterBody>;
