import { Injectable } from '@nestjs/common';
import type { Principal } from '@strata/authz';
import { RpcClient } from '@strata/messaging';
import type { OrgLeftovers } from './organization-deletion';

/**
 * Asks the cluster and cloud services what an organization still holds, with the caller's own
 * token (an owner may read both): clusters not DELETED, cloud accounts, storage connectors.
 */
@Injectable()
export class OrganizationLeftovers {
  constructor(private readonly rpc: RpcClient) {}

  async of(caller: Principal, orgId: string): Promise<OrgLeftovers> {
    const as = { accessToken: caller.accessToken };
    const [clusters, accounts, connectors] = await Promise.all([
      this.rpc.request('cluster.cluster.list', { orgId }, as),
      this.rpc.request('cloud.account.list', { orgId }, as),
      this.rpc.request('cloud.connector.list', { orgId }, as),
    ]);
    return {
      clusters: clusters.clusters
        .filter((c) => c.state !== 'DELETED')
        .map((c) => ({ id: c.id, name: c.name, state: c.state })),
      cloudAccounts: accounts.accounts.map((a) => ({ id: a.id, name: a.name })),
      storageConnectors: connectors.connectors.map((c) => ({ id: c.id, name: c.name })),
    };
  }
}
