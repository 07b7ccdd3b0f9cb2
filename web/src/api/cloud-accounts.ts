import { api } from './client';

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

const base = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}/cloud-accounts`;
const one = (orgId: string, id: string) => `${base(orgId)}/${encodeURIComponent(id)}`;

export const listCloudAccountViews = (orgId: string) =>
  api<{ items: CloudAccountView[] }>('GET', base(orgId)).then((r) => r.items);

export const addCloudAccount = (orgId: string, body: NewCloudAccount) =>
  api<CloudAccountView>('POST', base(orgId), body);

export const renameCloudAccount = (orgId: string, id: string, name: string) =>
  api<CloudAccountView>('PATCH', one(orgId, id), { name });

export const verifyCloudAccount = (orgId: string, id: string) =>
  api<CloudAccountView>('POST', `${one(orgId, id)}/verify`);

export const deleteCloudAccount = (orgId: string, id: string) =>
  api<void>('DELETE', one(orgId, id));
