import { Injectable } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Principal } from '@strata/authz';
import { EventBus } from '@strata/messaging';
import { ClustersRepository } from '../clusters/clusters.repository';
import { KubeconfigMinter } from './kubeconfig-minter';

/**
 * A kubeconfig downloaded through the API (cluster.cluster.kubeconfig), for admins and owners.
 * Every download is audited: evt.cluster.kubeconfig.issued (who, which cluster, until when; never
 * the kubeconfig nor its token), committed before the kubeconfig is answered. The kubeconfigs
 * minted for app runs go through the minter alone and make no such event.
 */
@Injectable()
export class DownloadKubeconfig {
  constructor(
    private readonly minter: KubeconfigMinter,
    private readonly clusters: ClustersRepository,
    private readonly bus: EventBus,
  ) {}

  async execute(caller: Principal, orgId: string, clusterId: string) {
    const minted = await this.minter.mint(orgId, clusterId, `kubeconfig:${caller.userId}`);
    await this.clusters.transaction((tx) =>
      this.bus.outbox!.add(tx, 'evt.cluster.kubeconfig.issued', {
        orgId,
        clusterId,
        clusterName: minted.clusterName,
        actorUserId: caller.userId,
        expiresAt: timestampFromDate(minted.expiresAt),
      }),
    );
    return minted;
  }
}
