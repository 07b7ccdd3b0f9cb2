import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import type { ClusterState, RunState } from '../generated/prisma/enums';
import { runPrepared } from '@strata/database';
import { PrismaService, type Tx } from '../database/prisma.service';
import { clusterList, listedCluster, type ListedCluster } from './cluster-list.statement';

export const ACTIVE_RUN_STATES: RunState[] = ['PENDING', 'RUNNING'];

/** A cluster with the id of its active run (at most one), as the views need it. */
export type ClusterWithActive = Prisma.ClusterGetPayload<{
  include: { runs: { select: { id: true } } };
}>;
export type ClusterRow = Prisma.ClusterGetPayload<object>;

const withActiveRun = {
  runs: { where: { state: { in: ACTIVE_RUN_STATES } }, select: { id: true as const } },
};

/**
 * The cluster feature's queries (clusters and idempotency keys); nothing else here talks to the
 * database. The hot list is a prepared statement, the rest Prisma.
 */
@Injectable()
export class ClustersRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  find(orgId: string, clusterId: string): Promise<ClusterWithActive | null> {
    return this.prisma.cluster.findFirst({
      where: { id: clusterId, orgId },
      include: withActiveRun,
    });
  }

  /** The organization's clusters that are not DELETED, newest first (one prepared statement). */
  async list(orgId: string): Promise<ListedCluster[]> {
    return (await runPrepared(this.prisma.pool, clusterList, [orgId])).map(listedCluster);
  }

  findById(tx: Tx, clusterId: string): Promise<ClusterRow> {
    return tx.cluster.findUniqueOrThrow({ where: { id: clusterId } });
  }

  insert(tx: Tx, data: Prisma.ClusterUncheckedCreateInput): Promise<ClusterRow> {
    return tx.cluster.create({ data });
  }

  update(tx: Tx, clusterId: string, data: Prisma.ClusterUncheckedUpdateInput) {
    return tx.cluster.update({ where: { id: clusterId }, data });
  }

  setState(tx: Tx, clusterId: string, state: ClusterState, failureReason: string | null) {
    return this.update(tx, clusterId, { state, failureReason });
  }

  /** The cluster an Idempotency-Key created, if any. */
  async clusterOfKey(orgId: string, key: string): Promise<string | undefined> {
    const seen = await this.prisma.idempotencyKey.findUnique({
      where: { orgId_key: { orgId, key } },
    });
    return seen?.clusterId;
  }

  async rememberKey(tx: Tx, orgId: string, key: string, clusterId: string): Promise<void> {
    await tx.idempotencyKey.create({ data: { orgId, key, clusterId } });
  }
}
