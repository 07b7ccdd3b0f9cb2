import { Inject, Injectable } from '@nestjs/common';
import { RpcClient } from '@strata/messaging';
import type { Principal } from '@strata/authz';
import { CLUSTER_CONFIG, type ClusterConfig } from '../config';
import type { Provider } from '../generated/prisma/enums';
import { validationFailed } from '../clusters/cluster-errors';
import type { ConnectorSummary } from '../clusters/state-backend';

export const INTERNAL_TOKEN_HEADER = 'x-strata-internal-token';

const PROVIDER_NUMBER = { aws: 1, azure: 2, gcp: 3 } as const;

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;

/** What the cluster service asks of the cloud service (accounts, credentials). */
@Injectable()
export class CloudClient {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(CLUSTER_CONFIG) private readonly config: ClusterConfig,
  ) {}

  private get internal() {
    return { headers: { [INTERNAL_TOKEN_HEADER]: this.config.CLOUD_INTERNAL_TOKEN ?? '' } };
  }

  /** The account exists in the organization (for the caller) and is of the provider; else 422. */
  async checkAccount(caller: Principal, orgId: string, accountId: string, provider: Provider) {
    let account;
    try {
      account = await this.rpc.request(
        'cloud.account.get',
        { orgId, id: accountId },
        { accessToken: caller.accessToken },
      );
    } catch (error) {
      if (isNotFound(error))
        throw validationFailed([
          { field: 'cloudAccountId', message: 'no such cloud account in this organization' },
        ]);
      throw error;
    }
    if (account.provider !== PROVIDER_NUMBER[provider as keyof typeof PROVIDER_NUMBER])
      throw validationFailed([
        { field: 'cloudAccountId', message: `is not a ${provider} account` },
      ]);
  }

  /** The storage connector (for the caller, in the organization); else 422 on stateConnectorId. */
  async connector(
    caller: Principal,
    orgId: string,
    connectorId: string,
  ): Promise<ConnectorSummary> {
    try {
      const c = await this.rpc.request(
        'cloud.connector.get',
        { orgId, id: connectorId },
        { accessToken: caller.accessToken },
      );
      return { cloudAccountId: c.cloudAccountId, target: c.target } as ConnectorSummary;
    } catch (error) {
      if (isNotFound(error))
        throw validationFailed([
          { field: 'stateConnectorId', message: 'no such storage connector in this organization' },
        ]);
      throw error;
    }
  }

  /**
   * A short-lived bearer token for the Kubernetes API of a managed cluster (internal
   * cloud.kube_token.issue). Never logged.
   */
  async kubeToken(
    orgId: string,
    cloudAccountId: string,
    cluster: { name: string; region: string },
    purpose: string,
  ): Promise<{ token: string; expiresAt?: Date }> {
    const reply = await this.rpc.request(
      'cloud.kube_token.issue',
      { orgId, cloudAccountId, clusterName: cluster.name, region: cluster.region, purpose },
      this.internal,
    );
    const expiresAt = reply.expiresAt
      ? new Date(Number(reply.expiresAt.seconds) * 1000 + Math.floor(reply.expiresAt.nanos / 1e6))
      : undefined;
    return { token: reply.token, expiresAt };
  }

  /**
   * Short-lived credentials from the cloud service (cloud.credentials.issue, internal), as the
   * environment variables the provider's Terraform image reads. They only go into the Secret.
   */
  async issueCredentials(
    orgId: string,
    cloudAccountId: string,
    purpose: string,
  ): Promise<Record<string, string>> {
    const issued = await this.rpc.request(
      'cloud.credentials.issue',
      { orgId, cloudAccountId, purpose },
      this.internal,
    );
    const c = issued.credentials;
    switch (c.case) {
      case 'aws':
        return {
          AWS_ACCESS_KEY_ID: c.value.accessKeyId,
          AWS_SECRET_ACCESS_KEY: c.value.secretAccessKey,
          ...(c.value.sessionToken ? { AWS_SESSION_TOKEN: c.value.sessionToken } : {}),
        };
      case 'azure':
        return {
          ARM_TENANT_ID: c.value.tenantId,
          ARM_CLIENT_ID: c.value.clientId,
          ARM_CLIENT_SECRET: c.value.clientSecret,
          ARM_SUBSCRIPTION_ID: c.value.subscriptionId,
        };
      case 'gcp':
        return { GOOGLE_CREDENTIALS: c.value.keyJson };
      default:
        throw new Error('cloud.credentials.issue answered without credentials');
    }
  }
}
