import { Injectable } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { createLogger } from '@strata/logging';
import type { ReplyInit } from '@strata/messaging';
import {
  AwsDetails,
  AwsSecretPayload,
  AzureDetails,
  AzureSecretPayload,
  GcpSecretPayload,
} from '../accounts/account-secrets';
import { PROVIDER_TO_PROTO } from '../accounts/account-view';
import { AccountsService } from '../accounts/accounts.service';
import { AwsProvider } from '../providers/aws.provider';

/**
 * Credentials for a job run (the cluster service): short-lived where the cloud allows (AWS
 * AssumeRole with a role, else GetSessionToken), the decrypted secret otherwise.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = createLogger('cloud').child({ component: 'credentials' });

  constructor(
    private readonly accounts: AccountsService,
    private readonly aws: AwsProvider,
  ) {}

  async issue(
    orgId: string,
    accountId: string,
    purpose: string,
  ): Promise<ReplyInit<'cloud.credentials.issue'>> {
    const account = await this.accounts.get(orgId, accountId);
    this.logger.info({ orgId, cloudAccountId: accountId, purpose }, 'issuing cloud credentials');
    const provider = PROVIDER_TO_PROTO[account.provider as 'aws' | 'azure' | 'gcp'];
    switch (account.provider) {
      case 'aws': {
        const details = account.details as unknown as AwsDetails;
        const session = await this.aws.issue(
          this.accounts.secretOf<AwsSecretPayload>(account),
          details.roleArn || undefined,
          purpose,
        );
        return {
          provider,
          credentials: {
            case: 'aws',
            value: {
              accessKeyId: session.accessKeyId,
              secretAccessKey: session.secretAccessKey,
              sessionToken: session.sessionToken,
            },
          },
          expiresAt: session.expiresAt ? timestampFromDate(session.expiresAt) : undefined,
        };
      }
      case 'azure': {
        const details = account.details as unknown as AzureDetails;
        const secret = this.accounts.secretOf<AzureSecretPayload>(account);
        return {
          provider,
          credentials: {
            case: 'azure',
            value: {
              tenantId: details.tenantId,
              clientId: details.clientId,
              subscriptionId: details.subscriptionId,
              clientSecret: secret.clientSecret,
            },
          },
        };
      }
      default: {
        const secret = this.accounts.secretOf<GcpSecretPayload>(account);
        return { provider, credentials: { case: 'gcp', value: { keyJson: secret.keyJson } } };
      }
    }
  }
}
