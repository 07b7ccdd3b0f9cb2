import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { ReplyData } from '@strata/messaging';
import { Environment, Provider } from '@strata/proto';
import type { z } from '@strata/config';
import type { cloudAccount } from './cloud-accounts.schemas';

export const PROVIDERS = {
  [Provider.UNSPECIFIED]: 'unspecified',
  [Provider.AWS]: 'aws',
  [Provider.AZURE]: 'azure',
  [Provider.GCP]: 'gcp',
} as const satisfies Record<Provider, string>;

export const ENVIRONMENTS = {
  prod: Environment.PROD,
  dev: Environment.DEV,
  uat: Environment.UAT,
  sandbox: Environment.SANDBOX,
  other: Environment.OTHER,
} as const;

const environmentName = (value: Environment) =>
  (Object.keys(ENVIRONMENTS) as (keyof typeof ENVIRONMENTS)[]).find(
    (key) => ENVIRONMENTS[key] === value,
  );

/** A cloud account as the API shows it: masked hints only, never a secret. */
export function cloudAccountJson(
  account: ReplyData<'cloud.account.get'>,
): z.output<typeof cloudAccount> {
  const { details } = account;
  return {
    id: account.id,
    name: account.name,
    provider: PROVIDERS[account.provider],
    environment: environmentName(account.environment),
    status: account.status,
    lastErrorCode: account.lastErrorCode || null,
    ...(details.case === 'aws' && {
      aws: {
        accessKeyHint: details.value.accessKeyHint,
        accountId: details.value.accountId,
        arn: details.value.arn,
        roleArn: details.value.roleArn || null,
      },
    }),
    ...(details.case === 'azure' && {
      azure: {
        tenantId: details.value.tenantId,
        clientId: details.value.clientId,
        subscriptionId: details.value.subscriptionId,
        subscriptionName: details.value.subscriptionName,
      },
    }),
    ...(details.case === 'gcp' && {
      gcp: { projectId: details.value.projectId, clientEmail: details.value.clientEmail },
    }),
    verifiedAt: account.verifiedAt ? timestampDate(account.verifiedAt).toISOString() : null,
    createdAt: timestampDate(account.createdAt!).toISOString(),
    createdBy: account.createdBy,
  };
}
