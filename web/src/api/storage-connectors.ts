import { answer, typedApi } from './typed-client';

export type ConnectorKind = 's3' | 'azure_blob' | 'gcs';

/** A storage connector for Terraform state (docs/api.md, "Storage connectors"). */
export interface StorageConnector {
  id: string;
  name: string;
  cloudAccountId: string;
  kind: ConnectorKind;
  bucket?: string;
  region?: string;
  storageAccount?: string;
  container?: string;
  status: string;
  lastErrorCode: string | null;
  verifiedAt: string | null;
  createdAt: string;
}

interface Common {
  name: string;
  cloudAccountId: string;
}

export type NewStorageConnector =
  | (Common & { kind: 's3'; bucket: string; region: string })
  | (Common & { kind: 'azure_blob'; storageAccount: string; container: string })
  | (Common & { kind: 'gcs'; bucket: string });

const org = (orgId: string) => ({ path: { orgId } });
const one = (orgId: string, id: string) => ({ path: { orgId, id } });

export const listStorageConnectors = (orgId: string) =>
  answer<{ items: StorageConnector[] }>(
    typedApi.GET('/api/v1/orgs/{orgId}/storage-connectors', { params: org(orgId) }),
  ).then((r) => r.items);

export const addStorageConnector = (orgId: string, body: NewStorageConnector) =>
  answer<StorageConnector>(
    typedApi.POST('/api/v1/orgs/{orgId}/storage-connectors', { params: org(orgId), body }),
  );

export const verifyStorageConnector = (orgId: string, id: string) =>
  answer<StorageConnector>(
    typedApi.POST('/api/v1/orgs/{orgId}/storage-connectors/{id}/verify', {
      params: one(orgId, id),
    }),
  );

export const deleteStorageConnector = (orgId: string, id: string) =>
  answer<void>(
    typedApi.DELETE('/api/v1/orgs/{orgId}/storage-connectors/{id}', { params: one(orgId, id) }),
  );
