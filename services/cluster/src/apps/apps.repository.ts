import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import type { AppRunAction, AppRunState, AppState } from '../generated/prisma/enums';
import { PrismaService, type Tx } from '../database/prisma.service';
import { APP_RUN_LOG, RunLogChunks } from '../runs/run-log-chunks';

export type AppRow = Prisma.AppGetPayload<object>;
export type AppRunRow = Prisma.AppRunGetPayload<object>;
export type AppWithCluster = Prisma.AppGetPayload<{ include: { cluster: true } }>;

export const ACTIVE_APP_RUN_STATES: AppRunState[] = ['PENDING', 'RUNNING'];

/** The active run's id and the newest run's progress, for the App view. */
const WITH_RUNS = {
  runs: {
    orderBy: { createdAt: 'desc' as const },
    take: 1,
    select: { id: true, state: true, progressStep: true, progressPercent: true },
  },
} as const;
export type AppWithLatestRun = Prisma.AppGetPayload<{ include: typeof WITH_RUNS }>;

/** Apps, app runs, their log chunks and pending cluster deletes: the only Prisma of apps. */
@Injectable()
export class AppsRepository {
  /** The app runs' log (app_run_log_chunks), stored like cluster runs'. */
  readonly log: RunLogChunks;

  constructor(private readonly prisma: PrismaService) {
    this.log = new RunLogChunks(prisma, APP_RUN_LOG);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  find(orgId: string, clusterId: string, appId: string): Promise<AppWithLatestRun | null> {
    return this.prisma.app.findFirst({
      where: { id: appId, clusterId, orgId },
      include: WITH_RUNS,
    });
  }

  /** The cluster's apps, newest first. */
  list(orgId: string, clusterId: string): Promise<AppWithLatestRun[]> {
    return this.prisma.app.findMany({
      where: { clusterId, orgId },
      include: WITH_RUNS,
      orderBy: { createdAt: 'desc' },
    });
  }

  /** The cluster's apps that are not UNINSTALLED. */
  live(tx: Tx | PrismaService, clusterId: string): Promise<AppRow[]> {
    return tx.app.findMany({ where: { clusterId, state: { not: 'UNINSTALLED' } } });
  }

  findById(tx: Tx, appId: string): Promise<AppWithCluster> {
    return tx.app.findUniqueOrThrow({ where: { id: appId }, include: { cluster: true } });
  }

  insert(tx: Tx, data: Prisma.AppUncheckedCreateInput): Promise<AppRow> {
    return tx.app.create({ data });
  }

  update(tx: Tx, appId: string, data: Prisma.AppUncheckedUpdateInput): Promise<AppRow> {
    return tx.app.update({ where: { id: appId }, data });
  }

  insertRun(
    tx: Tx,
    data: {
      id: string;
      appId: string;
      clusterId: string;
      orgId: string;
      action: AppRunAction;
      jobName: string;
      chartVersion: string;
      requestedBy: string;
      sandboxFailAt?: string | null;
    },
  ): Promise<AppRunRow> {
    return tx.appRun.create({ data: { ...data, state: 'PENDING' } });
  }

  findRun(runId: string): Promise<AppRunRow | null> {
    return this.prisma.appRun.findUnique({ where: { id: runId } });
  }

  getRun(runId: string): Promise<AppRunRow> {
    return this.prisma.appRun.findUniqueOrThrow({ where: { id: runId } });
  }

  runWithApp(runId: string) {
    return this.prisma.appRun.findUniqueOrThrow({
      where: { id: runId },
      include: { app: { include: { cluster: true } } },
    });
  }

  runOf(orgId: string, appId: string, runId: string): Promise<AppRunRow | null> {
    return this.prisma.appRun.findFirst({ where: { id: runId, appId, orgId } });
  }

  /** The app's runs, newest first. */
  history(appId: string): Promise<AppRunRow[]> {
    return this.prisma.appRun.findMany({ where: { appId }, orderBy: { createdAt: 'desc' } });
  }

  unfinished(): Promise<Array<{ id: string; jobName: string }>> {
    return this.prisma.appRun.findMany({
      where: { state: { in: ACTIVE_APP_RUN_STATES } },
      select: { id: true, jobName: true },
    });
  }

  /** Compare-and-set of an app run's state: false when another process moved it first. */
  async transition(
    tx: Tx,
    runId: string,
    from: AppRunState,
    data: Prisma.AppRunUncheckedUpdateManyInput,
  ): Promise<boolean> {
    const changed = await tx.appRun.updateMany({ where: { id: runId, state: from }, data });
    return changed.count > 0;
  }

  /** Moves an app to `to`; answers the app as it was. */
  async setState(
    tx: Tx,
    appId: string,
    to: AppState,
    data: Omit<Prisma.AppUncheckedUpdateInput, 'state'> = {},
  ): Promise<AppWithCluster> {
    const app = await this.findById(tx, appId);
    await tx.app.update({ where: { id: appId }, data: { ...data, state: to } });
    return app;
  }

  pendingDelete(tx: Tx | PrismaService, clusterId: string) {
    return tx.pendingClusterDelete.findUnique({ where: { clusterId } });
  }

  addPendingDelete(tx: Tx, data: { clusterId: string; orgId: string; requestedBy: string }) {
    return tx.pendingClusterDelete.upsert({
      where: { clusterId: data.clusterId },
      create: data,
      update: {},
    });
  }

  /** Takes the pending delete (true when this caller removed it). */
  async takePendingDelete(tx: Tx, clusterId: string): Promise<boolean> {
    const { count } = await tx.pendingClusterDelete.deleteMany({ where: { clusterId } });
    return count > 0;
  }
}
