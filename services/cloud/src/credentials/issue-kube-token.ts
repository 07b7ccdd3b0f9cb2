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
import { AccountsService } from '../accounts/accounts.service';
import { AwsProvider } from '../providers/aws.provider';
import { AzureProvider, azureFailure } from '../providers/azure.provider';
import { CloudEndpoints } from '../providers/cloud-endpoints';
import { eksToken } from '../providers/eks-token';
import { parseGcpKey } from '../providers/gcp-key';
import { CLOUD_PLATFORM_SCOPE, GcpProvider } from '../providers/gcp.provider';

/** The AKS server application (Microsoft Entra ID) every AKS cluster with Entra auth accepts. */
export const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/**
 * Short-lived bearer tokens for the Kubernetes API of an account's managed clusters (internal,
 * for the cluster service's kubeconfigs). EKS: a presigned STS GetCallerIdentity with the
 * cluster name signed, from short-lived credentials (AssumeRole / GetSessionToken); AKS: an
 * Entra token of the service principal for the AKS server application; GKE: an OAuth access
 * token of the service account key (cloud-platform). Tokens are never logged.
 */
@Injectable()
export class IssueKubeToken {
  private readonly logger = createLogger('cloud').child({ component: 'kube-token' });

  constructor(
    private readonly accounts: AccountsService,
    private readonly aws: AwsProvider,
    private readonly azure: AzureProvider,
    private readonly gcp: GcpProvider,
    private readonly endpoints: CloudEndpoints,
  ) {}

  async execute(
    orgId: string,
    accountId: string,
    clusterName: string,
    region: string,
    purpose: string,
  ): Promise<ReplyInit<'cloud.kube_token.issue'>> {
    const account = await this.accounts.get(orgId, accountId);
    this.logger.info(
      { orgId, cloudAccountId: accountId, clusterName, purpose },
      'issuing a Kubernetes API token',
    );
    const issued = await this.mint(account, clusterName, region, purpose);
    return { token: issued.token, expiresAt: timestampFromDate(issued.expiresAt) };
  }

  private async mint(
    account: Awaited<ReturnType<AccountsService['get']>>,
    clusterName: string,
    region: string,
    purpose: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    switch (account.provider) {
      case 'aws': {
        const details = account.details as unknown as AwsDetails;
        const session = await this.aws.issue(
          this.accounts.secretOf<AwsSecretPayload>(account),
          details.roleArn || undefined,
          purpose,
        );
        return eksToken({
          credentials: session,
          clusterName,
          region: region || 'us-east-1',
          endpoint: this.endpoints.stsEndpoint,
        });
      }
      case 'azure': {
        const details = account.details as unknown as AzureDetails;
        const secret = this.accounts.secretOf<AzureSecretPayload>(account);
        try {
          const token = await this.azure
            .credential({
              tenantId: details.tenantId,
              clientId: details.clientId,
              clientSecret: secret.clientSecret,
            })
            .getToken(AKS_SCOPE, { abortSignal: AbortSignal.timeout(this.endpoints.timeoutMs) });
          return { token: token.token, expiresAt: new Date(token.expiresOnTimestamp) };
        } catch (error) {
          throw azureFailure(error);
        }
      }
      default: {
        const secret = this.accounts.secretOf<GcpSecretPayload>(account);
        const key = parseGcpKey(secret.keyJson, this.endpoints.trustedOrigins);
        return this.gcp.accessToken(key, CLOUD_PLATFORM_SCOPE);
      }
    }
  }
}
