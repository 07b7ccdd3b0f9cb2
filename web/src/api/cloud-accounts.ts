import { answer, typedApi } from './typed-client';

export type CloudProvider = 'aws' | 'azure' | 'gcp';
export const ENVIRONMENTS = ['prod', 'dev', 'uat', 'sandbox', 'other'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A cloud account as the API shows it (masked: hints only, never a secret). */
export interface CloudAccountView {
  id: string;
  name: string;
  provider: CloudProvider;
  environment: Environment;
  status: 'verified' | 'failed' | string;
  lastErrorCode: string | null;
  aws?: { accessKeyHint: string; accountId: string; arn: string; roleArn: string | null };
  azure?: { tenantId: string; clientId: string; subscriptionId: string; subscriptionName: string };
  gcp?: { projectId: string; clientEmail: string };
  verifiedAt: string | null;
  createdAt: string;
}

interface Common {
  name: string;
  environment: Environment;
}

/** The create body (docs/api.md, "Cloud accounts"): one of the three providers' credentials. */
export type NewCloudAccount =
  | (Common & { provider: 'aws'; accessKeyId: string; secretAccessKey: string; roleArn?: string })
  | (Common & {
      provider: 'azure';
      tenantId: string;
      clientId: string;
      clientSecret: string;
      subscriptionId: string;
    })
  | (Common & { provider: 'gcp'; serviceAccountKey: string });

const org = (orgId: string) => ({ path: { orgId } });
const one = (orgId: string, id: string) => ({ path: { orgId, id } });

export const listCloudAccountViews = (orgId: string) =>
  answer<{ items: CloudAccountView[] }>(
    typedApi.GET('/api/v1/orgs/{orgId}/cloud-accounts', { params: org(orgId) }),
  ).then((r) => r.items);

export const addCloudAccount = (orgId: string, body: NewCloudAccount) =>
  answer<CloudAccountView>(
    typedApi.POST('/api/v1/orgs/{orgId}/cloud-accounts', { params: org(orgId), body }),
  );

export const renameCloudAccount = (orgId: string, id: string, name: string) =>
  answer<CloudAccountView>(
    typedApi.PATCH('/api/v1/orgs/{orgId}/cloud-accounts/{id}', {
      params: one(orgId, id),
      body: { name },
    }),
  );

export const verifyCloudAccount = (orgId: string, id: string) =>
  answer<CloudAccountView>(
    typedApi.POST('/api/v1/orgs/{orgId}/cloud-accounts/{id}/verify', { params: one(orgId, id) }),
  );

export const deleteCloudAccount = (orgId: string, id: string) =>
  answer<void>(
    typedApi.DELETE('/api/v1/orgs/{orgId}/cloud-accounts/{id}', { params: one(orgId, id) }),
  );
