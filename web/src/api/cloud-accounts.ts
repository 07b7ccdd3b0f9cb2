import type { paths } from './generated/strata';
import { answer, done, typedApi, type Schema } from './typed-client';

/** A cloud account as the API shows it (masked: hints only, never a secret). */
export type CloudAccountView = Schema<'CloudAccount'>;

type Collection = paths['/api/v1/orgs/{orgId}/cloud-accounts'];
/** The create body (docs/api.md, "Cloud accounts"): one of the three providers' credentials. */
export type NewCloudAccount = NonNullable<
  Collection['post']['requestBody']
>['content']['application/json'];
export type CloudProvider = NewCloudAccount['provider'];
export type Environment = NonNullable<NewCloudAccount['environment']>;
export const ENVIRONMENTS = [
  'prod',
  'dev',
  'uat',
  'sandbox',
  'other',
] as const satisfies readonly Environment[];

const org = (orgId: string) => ({ path: { orgId } });
const one = (orgId: string, id: string) => ({ path: { orgId, id } });

export const listCloudAccountViews = (orgId: string) =>
  answer(typedApi.GET('/api/v1/orgs/{orgId}/cloud-accounts', { params: org(orgId) })).then(
    (r) => r.items,
  );

export const addCloudAccount = (orgId: string, body: NewCloudAccount) =>
  answer(typedApi.POST('/api/v1/orgs/{orgId}/cloud-accounts', { params: org(orgId), body }));

export const renameCloudAccount = (orgId: string, id: string, name: string) =>
  answer(
    typedApi.PATCH('/api/v1/orgs/{orgId}/cloud-accounts/{id}', {
      params: one(orgId, id),
      body: { name },
    }),
  );

export const verifyCloudAccount = (orgId: string, id: string) =>
  answer(
    typedApi.POST('/api/v1/orgs/{orgId}/cloud-accounts/{id}/verify', { params: one(orgId, id) }),
  );

export const deleteCloudAccount = (orgId: string, id: string) =>
  done(typedApi.DELETE('/api/v1/orgs/{orgId}/cloud-accounts/{id}', { params: one(orgId, id) }));
