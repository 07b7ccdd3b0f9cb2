import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import type { RunAction, RunState } from '../generated/prisma/enums';
import { PrismaService, type Tx } from '../database/prisma.service';
import { ACTIVE_RUN_STATES } from '../clusters/clusters.repository';

export type RunRow = Prisma.RunGetPayload<object>;
export type RunWithCluster = Prisma.RunGetPayload<{ include: { cluster: true } }>;

/** The runs' Prisma queries (runs and their log chunks); nothing else here talks to Prisma. */
@Injectable()
export class RunsRepository {
  constructor(private readonly prisma: PrismaService) {}

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

  logChunks(runId: string, after: number, take: number) {
    return this.prisma.runLogChunk.findMany({
      where: { runId, offset: { gte: BigInt(after) } },
      orderBy: { offset: 'asc' },
      take,
    });
  }

  /** The last `take` chunks of a run's log, oldest first. */
  async lastChunks(runId: string, take: number): Promise<string[]> {
    const chunks = await this.prisma.runLogChunk.findMany({
      where: { runId },
      orderBy: { offset: 'desc' },
      take,
    });
    return chunks.reverse().map((c) => c.text);
  }

  async logSize(runId: string): Promise<number> {
    const run = await this.prisma.run.findUnique({
      where: { id: runId },
      select: { logSize: true },
    });
    return Number(run?.logSize ?? 0);
  }

  /**
   * Appends a chunk at `offset` if the stored log ends exactly there (with the progress it
   * carries); answers false when another writer got there first.
   */
  appendChunk(
    runId: string,
    offset: number,
    text: string,
    progress: { step: string; percent: number } | null,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.run.updateMany({
        where: { id: runId, logSize: BigInt(offset) },
        data: {
          logSize: BigInt(offset + Buffer.byteLength(text)),
          ...(progress ? { progressStep: progress.step, progressPercent: progress.percent } : {}),
        },
      });
      if (moved.count === 0) return false;
      await tx.runLogChunk.create({ data: { runId, offset: BigInt(offset), text } });
      return true;
    });
  }
}
