import { Injectable } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { createLogger } from '@strata/logging';
import type { ReplyInit } from '@strata/messaging';
import { AzureProvider, azureFailure } from '../providers/azure.provider';
import { CloudEndpoints } from '../providers/cloud-endpoints';
import { eksToken } from '../providers/eks-token';
import { parseGcpKey } from '../providers/gcp-key';
import { CLOUD_PLATFORM_SCOPE, GcpProvider } from '../providers/gcp.provider';
import { CredentialsService } from './credentials.service';

/** What CredentialsService.issue answers (its reply is typed loosely as a message init). */
type RunCredentials =
  | { case: 'aws'; value: { accessKeyId: string; secretAccessKey: string; sessionToken: string } }
  | { case: 'azure'; value: { tenantId: string; clientId: string; clientSecret: string } }
  | { case: 'gcp'; value: { keyJson: string } }
  | { case: undefined; value?: undefined };

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
    private readonly credentials: CredentialsService,
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
    this.logger.info(
      { orgId, cloudAccountId: accountId, clusterName, purpose },
      'issuing a Kubernetes API token',
    );
    // The run credentials of the account: short-lived for AWS (AssumeRole / GetSessionToken).
    const issued = await this.credentials.issue(orgId, accountId, purpose);
    const token = await this.mint(issued.credentials as RunCredentials, clusterName, region);
    return { token: token.token, expiresAt: timestampFromDate(token.expiresAt) };
  }

  private async mint(
    credentials: RunCredentials,
    clusterName: string,
    region: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    switch (credentials.case) {
      case 'aws':
        return eksToken({
          credentials: credentials.value,
          clusterName,
          region: region || 'us-east-1',
          endpoint: this.endpoints.stsEndpoint,
        });
      case 'azure':
        try {
          const token = await this.azure
            .credential(credentials.value)
            .getToken(AKS_SCOPE, { abortSignal: AbortSignal.timeout(this.endpoints.timeoutMs) });
          return { token: token.token, expiresAt: new Date(token.expiresOnTimestamp) };
        } catch (error) {
          throw azureFailure(error);
        }
      case 'gcp':
        return this.gcp.accessToken(
          parseGcpKey(credentials.value.keyJson, this.endpoints.trustedOrigins),
          CLOUD_PLATFORM_SCOPE,
        );
      default:
        throw new Error('no credentials for this account');
    }
  }
}
