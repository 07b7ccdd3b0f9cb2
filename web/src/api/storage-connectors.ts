import type { paths } from './generated/strata';
import { answer, done, typedApi, type Schema } from './typed-client';

/** A storage connector for Terraform state (docs/api.md, "Storage connectors"). */
export type StorageConnector = Schema<'StorageConnector'>;

type Collection = paths['/api/v1/orgs/{orgId}/storage-connectors'];
export type NewStorageConnector = NonNullable<
  Collection['post']['requestBody']
>['content']['application/json'];
export type ConnectorKind = NewStorageConnector['kind'];

const org = (orgId: string) => ({ path: { orgId } });
const one = (orgId: string, id: string) => ({ path: { orgId, id } });

export const listStorageConnectors = (orgId: string) =>
  answer(typedApi.GET('/api/v1/orgs/{orgId}/storage-connectors', { params: org(orgId) })).then(
    (r) => r.items,
  );

export const addStorageConnector = (orgId: string, body: NewStorageConnector) =>
  answer(typedApi.POST('/api/v1/orgs/{orgId}/storage-connectors', { params: org(orgId), body }));

export const verifyStorageConnector = (orgId: string, id: string) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/storage-connectors/{id}/verify', {
      params: one(orgId, id),
    }),
  );

export const deleteStorageConnector = (orgId: string, id: string) =>
  done(typedApi.DELETE('/api/v1/orgs/{orgId}/storage-connectors/{id}', { params: one(orgId, id) }));
