import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Environment, Provider as ProtoProvider } from '@strata/proto';
import type { ReplyInit } from '@strata/messaging';
import type { CloudAccount } from '../generated/prisma/client';
import type { AwsDetails, AzureDetails, GcpDetails, Provider } from './account-secrets';

export const PROVIDER_TO_PROTO: Record<Provider, ProtoProvider> = {
  aws: ProtoProvider.AWS,
  azure: ProtoProvider.AZURE,
  gcp: ProtoProvider.GCP,
};

export const ENVIRONMENTS = {
  prod: Environment.PROD,
  dev: Environment.DEV,
  uat: Environment.UAT,
  sandbox: Environment.SANDBOX,
  other: Environment.OTHER,
} as const;
export type EnvironmentName = keyof typeof ENVIRONMENTS;

export function environmentName(value: Environment): EnvironmentName {
  const found = (Object.keys(ENVIRONMENTS) as EnvironmentName[]).find(
    (name) => ENVIRONMENTS[name] === value,
  );
  if (!found) throw new Error(`unknown environment ${value}`);
  return found;
}

/** The masked view of an account: never the secret columns. */
export function accountView(row: CloudAccount): ReplyInit<'cloud.account.get'> {
  const provider = row.provider as Provider;
  const details = (() => {
    switch (provider) {
      case 'aws':
        return { case: 'aws' as const, value: row.details as unknown as AwsDetails };
      case 'azure':
        return { case: 'azure' as const, value: row.details as unknown as AzureDetails };
      case 'gcp':
        return { case: 'gcp' as const, value: row.details as unknown as GcpDetails };
    }
  })();
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    provider: PROVIDER_TO_PROTO[provider],
    environment: ENVIRONMENTS[row.environment as EnvironmentName],
    status: row.status,
    lastErrorCode: row.lastErrorCode ?? '',
    details,
    verifiedAt: row.verifiedAt ? timestampFromDate(row.verifiedAt) : undefined,
    createdAt: timestampFromDate(row.createdAt),
    createdBy: row.createdBy,
  };
}
