import { Injectable, Logger } from '@nestjs/common';
import { conflict } from '@strata/errors';
import { CloudClient } from '../cloud/cloud.client';
import { ClusterQueries } from '../clusters/cluster-queries';
import { kubeconfigYaml } from './kubeconfig-yaml';

/** A kubeconfig is valid at most this long (the cloud's token may end sooner). */
export const KUBECONFIG_TTL_MS = 15 * 60_000;
/** The sandbox has no API server to authenticate to. */
export const SANDBOX_TOKEN = 'sandbox-no-credentials';

/**
 * Kubeconfigs of READY clusters: the endpoint and CA from the last apply's outputs and a
 * short-lived token minted by the cloud service (cloud.kube_token.issue: EKS `k8s-aws-v1.…`,
 * AKS Entra token, GKE OAuth token). Never stored, never logged (only ids and the purpose are).
 */
@Injectable()
export class KubeconfigMinter {
  private readonly logger = new Logger(KubeconfigMinter.name);

  constructor(
    private readonly queries: ClusterQueries,
    private readonly cloud: CloudClient,
  ) {}

  async mint(
    orgId: string,
    clusterId: string,
    purpose: string,
  ): Promise<{ kubeconfig: string; expiresAt: Date; clusterName: string }> {
    const cluster = await this.queries.get(orgId, clusterId);
    const outputs = (cluster.outputs ?? {}) as Record<string, unknown>;
    const endpoint = typeof outputs.endpoint === 'string' ? outputs.endpoint : '';
    if (cluster.state !== 'READY' || !endpoint.startsWith('https://'))
      throw conflict(
        'cluster.not_ready',
        `A kubeconfig is only for a READY cluster with an API endpoint (it is ${cluster.state}).`,
      );
    const limit = new Date(Date.now() + KUBECONFIG_TTL_MS);
    let token = SANDBOX_TOKEN;
    let expiresAt = limit;
    if (cluster.provider !== 'sandbox') {
      const issued = await this.cloud.kubeToken(
        orgId,
        cluster.cloudAccountId!,
        {
          name: typeof outputs.clusterName === 'string' ? outputs.clusterName : cluster.name,
          region: cluster.region,
        },
        purpose,
      );
      token = issued.token;
      if (issued.expiresAt && issued.expiresAt < limit) expiresAt = issued.expiresAt;
    }
    this.logger.log({ orgId, clusterId, purpose, expiresAt }, 'kubeconfig minted');
    return {
      kubeconfig: kubeconfigYaml({
        name: cluster.name,
        server: endpoint,
        certificateAuthorityData:
          typeof outputs.caCertificate === 'string' && outputs.caCertificate !== ''
            ? outputs.caCertificate
            : undefined,
        token,
        expiresAt,
      }),
      expiresAt,
      clusterName: cluster.name,
    };
  }
}
