import { z } from '@strata/config';

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const cloudAccountId = z.string().uuid('must be a UUID');

// Names only: the endpoints are derived from them and the configuration, never given as URLs.
export const createStorageConnectorBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('s3'),
      name,
      cloudAccountId,
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3-63 characters)')
        .meta({ maxLength: 63 }),
      region: z
        .string()
        .regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, 'must be an AWS region such as eu-west-1')
        .meta({ maxLength: 32 }),
    }),
    z.strictObject({
      kind: z.literal('azure_blob'),
      name,
      cloudAccountId,
      storageAccount: z
        .string()
        .regex(
          /^[a-z0-9]{3,24}$/,
          'must be a storage account name (3-24 lower-case letters and digits)',
        )
        .meta({ maxLength: 24 }),
      container: z
        .string()
        .regex(
          /^[a-z0-9](?:[a-z0-9]|-[a-z0-9]){2,62}$/,
          'must be a container name (3-63 characters)',
        )
        .meta({ maxLength: 63 }),
    }),
    z.strictObject({
      kind: z.literal('gcs'),
      name,
      cloudAccountId,
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'must be a GCS bucket name')
        .meta({ maxLength: 222 }),
    }),
  ],
  { message: 'kind must be one of s3, azure_blob, gcs' },
);

export type CreateStorageConnectorBody = z.infer<typeof createStorageConnectorBody>;
