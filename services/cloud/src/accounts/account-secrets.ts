/** What each provider keeps encrypted, and what it shows (masked, non-secret). */
export type Provider = 'aws' | 'azure' | 'gcp';

export interface AwsSecretPayload {
  accessKeyId: string;
  secretAccessKey: string;
}
export interface AzureSecretPayload {
  clientSecret: string;
}
export interface GcpSecretPayload {
  keyJson: string;
}

export interface AwsDetails {
  accessKeyHint: string;
  accountId: string;
  arn: string;
  roleArn: string;
}
export interface AzureDetails {
  tenantId: string;
  clientId: string;
  subscriptionId: string;
  subscriptionName: string;
}
export interface GcpDetails {
  projectId: string;
  clientEmail: string;
}

export type AccountDetails = AwsDetails | AzureDetails | GcpDetails;

/** AKIA…WXYZ: the first and last four characters of an access key id. */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
