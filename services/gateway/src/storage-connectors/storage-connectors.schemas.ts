import { z } from '@strata/config';
import { dateTime, id, itemsOf, text } from '../openapi/schema-kit';

export const storageConnector = z
  .object({
    id,
    name: text(100),
    cloudAccountId: id,
    kind: z.enum(['unspecified', 's3', 'azure_blob', 'gcs']),
    bucket: text(222).optional(),
    region: text(64).optional(),
    storageAccount: text(24).optional(),
    container: text(63).optional(),
    status: text(32),
    lastErrorCode: text(64).nullable(),
    verifiedAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'StorageConnector' });
export const storageConnectors = itemsOf(storageConnector);
