import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import type { RunAction, RunState } from '../generated/prisma/enums';
import { PrismaService, type Tx } from '../database/prisma.service';
import { ACTIVE_RUN_STATES } from '../clusters/clusters.repository';
import { CLUSTER_RUN_LOG, RunLogChunks } from './run-log-chunks';

export type RunRow = Prisma.RunGetPayload<object>;
export type RunWithCluster = Prisma.RunGetPayload<{ include: { cluster: true } }>;

/** The runs' Prisma queries (runs, and their log chunks through `log`); nothing else here talks to Prisma. */
@Injectable()
export class RunsRepository {
  /** The cluster runs' log (run_log_chunks). */
  readonly log: RunLogChunks;

  constructor(private readonly prisma: PrismaService) {
    this.log = new RunLogChunks(prisma, CLUSTER_RUN_LOG);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  /** Every PENDING or RUNNING run (reconciled after a restart). */
  unfinished(): Promise<Array<{ id: string; jobName: string }>> {
    return this.prisma.run.findMany({
      where: { state: { in: ACTIVE_RUN_STATES } },
      select: { id: true, jobName: true },
    });
  }

  find(runId: string): Promise<RunRow | null> {
    return this.prisma.run.findUnique({ where: { id: runId } });
  }

  get(runId: string): Promise<RunRow> {
    return this.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  }

  withCluster(runId: string): Promise<RunWithCluster> {
    return this.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { cluster: true } });
  }

  ofCluster(orgId: string, clusterId: string, runId: string): Promise<RunRow | null> {
    return this.prisma.run.findFirst({ where: { id: runId, clusterId, orgId } });
  }

  /** The cluster's runs, newest first. */
  history(clusterId: string): Promise<RunRow[]> {
    return this.prisma.run.findMany({ where: { clusterId }, orderBy: { createdAt: 'desc' } });
  }

  latest(orgId: string, clusterId: string): Promise<RunRow | null> {
    return this.prisma.run.findFirst({
      where: { clusterId, orgId },
      orderBy: { createdAt: 'desc' },
    });
  }

  active(clusterId: string): Promise<RunRow | null> {
    return this.prisma.run.findFirst({
      where: { clusterId, state: { in: ACTIVE_RUN_STATES } },
    });
  }

  insert(
    tx: Tx,
    data: {
      id: string;
      clusterId: string;
      orgId: string;
      action: RunAction;
      jobName: string;
      requestedBy: string;
    } & Omit<Prisma.RunUncheckedCreateInput, 'state'>,
  ): Promise<RunRow> {
    return tx.run.create({ data: { ...data, state: 'PENDING' } });
  }

  /** Compare-and-set of a run's state: answers false when another process moved it first. */
  async transition(
    tx: Tx,
    runId: string,
    from: RunState,
    data: Prisma.RunUncheckedUpdateManyInput,
  ): Promise<boolean> {
    const changed = await tx.run.updateMany({ where: { id: runId, state: from }, data });
    return changed.count > 0;
  }
}
