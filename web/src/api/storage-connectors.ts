import { api } from './client';

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

const base = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}/storage-connectors`;
const one = (orgId: string, id: string) => `${base(orgId)}/${encodeURIComponent(id)}`;

export const listStorageConnectors = (orgId: string) =>
  api<{ items: StorageConnector[] }>('GET', base(orgId)).then((r) => r.items);

export const addStorageConnector = (orgId: string, body: NewStorageConnector) =>
  api<StorageConnector>('POST', base(orgId), body);

export const verifyStorageConnector = (orgId: string, id: string) =>
  api<StorageConnector>('POST', `${one(orgId, id)}/verify`);

export const deleteStorageConnector = (orgId: string, id: string) =>
  api<void>('DELETE', one(orgId, id));
