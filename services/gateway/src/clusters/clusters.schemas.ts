import { z } from '@strata/config';
import { dateTime, id, itemsOf, jsonObject, oneOf, progress, text } from '../openapi/schema-kit';

const cidr = text(64);

/** The values the cluster service stores (services/cluster/prisma/schema.prisma's enums). */
export const provider = z.enum(['aws', 'azure', 'gcp', 'sandbox']);
export const clusterState = z.enum([
  'PENDING',
  'PROVISIONING',
  'READY',
  'FAILED',
  'CANCELLED',
  'DELETING',
  'DELETED',
]);
export const runState = z.enum(['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
export const runAction = z.enum(['apply', 'destroy']);
export const asProvider = oneOf(provider);
export const asClusterState = oneOf(clusterState);
export const asRunState = oneOf(runState);
export const asRunAction = oneOf(runAction);

export const cluster = z
  .object({
    id,
    orgId: id,
    name: text(200),
    provider,
    region: text(64),
    cloudAccountId: id.nullable(),
    stateConnectorId: id.nullable(),
    vpcCidr: cidr,
    publicSubnetCidrs: z.array(cidr).max(16),
    privateSubnetCidrs: z.array(cidr).max(16),
    kubernetesVersion: text(32),
    nodePool: z.object({
      instanceType: text(64).optional(),
      minSize: z.number().int().min(0).max(1000).optional(),
      maxSize: z.number().int().min(0).max(1000).optional(),
    }),
    state: clusterState,
    progress,
    outputs: jsonObject.nullable(),
    failureReason: text(10_000).nullable(),
    activeRunId: id.nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Cluster' });
export const clusters = itemsOf(cluster);

/** A changed field's value before or after a change run (a version or a node count). */
const changeValue = z.union([z.string().max(200), z.number()]);
/** A change run's changes, `{field: {from, to}}` (any other shape is answered as null). */
export const runChanges = z.record(
  z.string().max(200),
  z.object({ from: changeValue, to: changeValue }),
);
export const run = z
  .object({
    id,
    clusterId: id,
    action: runAction,
    state: runState,
    jobName: text(253),
    progress,
    failureReason: text(10_000).nullable(),
    logTail: text(1_048_576).nullable(),
    outputs: jsonObject.nullable(),
    createdAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
    changes: runChanges.nullable(),
  })
  .meta({ id: 'Run' });
export const runs = itemsOf(run);
