import { z } from '@strata/config';
import { dateTime, id, itemsOf, text } from '../openapi/schema-kit';

export const cloudAccount = z
  .object({
    id,
    name: text(100),
    provider: z.enum(['unspecified', 'aws', 'azure', 'gcp']),
    environment: z.enum(['prod', 'dev', 'uat', 'sandbox', 'other']).optional(),
    status: text(32),
    lastErrorCode: text(64).nullable(),
    aws: z
      .object({
        accessKeyHint: text(32),
        accountId: text(32),
        arn: text(2048),
        roleArn: text(2048).nullable(),
      })
      .optional(),
    azure: z
      .object({
        tenantId: text(64),
        clientId: text(64),
        subscriptionId: text(64),
        subscriptionName: text(256),
      })
      .optional(),
    gcp: z.object({ projectId: text(64), clientEmail: text(256) }).optional(),
    verifiedAt: dateTime.nullable(),
    createdAt: dateTime,
    createdBy: id,
  })
  .meta({ id: 'CloudAccount', description: 'Masked hints only, never a secret.' });
export const cloudAccounts = itemsOf(cloudAccount);
