import { z } from '@strata/config';

const uuid = z.string().uuid('must be a UUID');
const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const environment = z.enum(['prod', 'dev', 'uat', 'sandbox', 'other'], {
  message: 'must be one of prod, dev, uat, sandbox, other',
});

const aws = z.strictObject({
  provider: z.literal('aws'),
  name,
  environment,
  accessKeyId: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'must be an AWS access key id (upper-case letters and digits)')
    .meta({ maxLength: 128 }),
  secretAccessKey: z.string().min(16, 'must be at least 16 characters').max(256),
  roleArn: z
    .string()
    .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN')
    .meta({ maxLength: 600 })
    .optional(),
});

const azure = z.strictObject({
  provider: z.literal('azure'),
  name,
  environment,
  tenantId: uuid,
  clientId: uuid,
  clientSecret: z.string().min(1, 'is required').max(1024),
  subscriptionId: uuid,
});

const gcp = z.strictObject({
  provider: z.literal('gcp'),
  name,
  environment,
  /** The service-account JSON key file: its content as an object, or as a string. */
  serviceAccountKey: z.union([
    z.string().min(2).max(16384),
    z.record(z.string().max(200), z.unknown()),
  ]),
});

export const createCloudAccountBody = z.discriminatedUnion('provider', [aws, azure, gcp], {
  message: 'provider must be one of aws, azure, gcp',
});
export const renameCloudAccountBody = z.strictObject({ name });

export type CreateCloudAccountBody = z.infer<typeof createCloudAccountBody>;
export type RenameCloudAccountBody = z.infer<typeof renameCloudAccountBody>;
