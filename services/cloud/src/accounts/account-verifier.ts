import { Injectable } from '@nestjs/common';
import { cloudFailure } from '../providers/cloud-errors';
import { AwsProvider, isRoleArn } from '../providers/aws.provider';
import { AzureProvider } from '../providers/azure.provider';
import { CloudEndpoints } from '../providers/cloud-endpoints';
import { GcpProvider } from '../providers/gcp.provider';
import { parseGcpKey } from '../providers/gcp-key';
import {
  AccountDetails,
  AwsDetails,
  AwsSecretPayload,
  AzureDetails,
  AzureSecretPayload,
  GcpDetails,
  GcpSecretPayload,
  maskAccessKeyId,
  Provider,
} from './account-secrets';

export type AccountInput =
  | { provider: 'aws'; secret: AwsSecretPayload; roleArn: string }
  | {
      provider: 'azure';
      secret: AzureSecretPayload;
      tenantId: string;
      clientId: string;
      subscriptionId: string;
    }
  | { provider: 'gcp'; secret: GcpSecretPayload };

/** Proves credentials against their cloud and says what may be shown about them. */
@Injectable()
export class AccountVerifier {
  constructor(
    private readonly aws: AwsProvider,
    private readonly azure: AzureProvider,
    private readonly gcp: GcpProvider,
    private readonly endpoints: CloudEndpoints,
  ) {}

  async verify(input: AccountInput): Promise<AccountDetails> {
    switch (input.provider) {
      case 'aws': {
        if (input.roleArn && !isRoleArn(input.roleArn))
          throw cloudFailure('invalid_credentials', 'The role ARN is not an IAM role ARN.');
        const identity = await this.aws.verify(input.secret, input.roleArn || undefined);
        const details: AwsDetails = {
          accessKeyHint: maskAccessKeyId(input.secret.accessKeyId),
          accountId: identity.accountId,
          arn: identity.arn,
          roleArn: input.roleArn,
        };
        return details;
      }
      case 'azure': {
        const { subscriptionName } = await this.azure.verify(
          {
            tenantId: input.tenantId,
            clientId: input.clientId,
            clientSecret: input.secret.clientSecret,
          },
          input.subscriptionId,
        );
        const details: AzureDetails = {
          tenantId: input.tenantId,
          clientId: input.clientId,
          subscriptionId: input.subscriptionId,
          subscriptionName,
        };
        return details;
      }
      case 'gcp': {
        const key = parseGcpKey(input.secret.keyJson, this.endpoints.trustedOrigins);
        await this.gcp.verify(key);
        const details: GcpDetails = { projectId: key.projectId, clientEmail: key.clientEmail };
        return details;
      }
    }
  }

  /** The input of a stored account, for re-verification. */
  static inputOf(provider: Provider, details: AccountDetails, secret: unknown): AccountInput {
    switch (provider) {
      case 'aws':
        return {
          provider,
          secret: secret as AwsSecretPayload,
          roleArn: (details as AwsDetails).roleArn,
        };
      case 'azure': {
        const d = details as AzureDetails;
        return {
          provider,
          secret: secret as AzureSecretPayload,
          tenantId: d.tenantId,
          clientId: d.clientId,
          subscriptionId: d.subscriptionId,
        };
      }
      case 'gcp':
        return { provider, secret: secret as GcpSecretPayload };
    }
  }
}
