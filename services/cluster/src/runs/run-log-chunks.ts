import { preparedStatement, runPrepared, type PreparedStatement } from '@strata/database';
import { Prisma } from '../generated/prisma/client';
import type { PrismaService } from '../database/prisma.service';
import { tailLines, type Progress } from '../runner/job-contract';
import type { RunLogStore } from './run-kind';

/** A kind of run's tables: its runs (log_size, progress columns) and its log chunks. */
export interface RunLogTables {
  runs: 'runs' | 'app_runs';
  chunks: 'run_log_chunks' | 'app_run_log_chunks';
}

export const CLUSTER_RUN_LOG: RunLogTables = { runs: 'runs', chunks: 'run_log_chunks' };
export const APP_RUN_LOG: RunLogTables = { runs: 'app_runs', chunks: 'app_run_log_chunks' };

type SizeStatement = PreparedStatement<[runId: string], { log_size: string }>;
/** A run's stored log size (read when a log stream first stores bytes), per kind of run. */
const SIZE: Record<RunLogTables['runs'], SizeStatement> = {
  runs: preparedStatement('cluster_run_log_size', `SELECT log_size FROM runs WHERE id = $1::uuid`),
  app_runs: preparedStatement(
    'cluster_app_run_log_size',
    `SELECT log_size FROM app_runs WHERE id = $1::uuid`,
  ),
};

const PAGE_CHUNKS = 200;
const TAIL_CHUNKS = 20;

/**
 * One log storage for every kind of run (cluster runs, app runs): chunks with the byte offset
 * of their first byte, appended with a compare-and-set on the run's `log_size` (and the progress
 * line they carried), read in pages from an offset. Used by the repositories of each kind.
 */
export class RunLogChunks implements RunLogStore {
  private readonly runs: Prisma.Sql;
  private readonly chunks: Prisma.Sql;
  private readonly sizeStatement: SizeStatement;

  constructor(
    private readonly prisma: PrismaService,
    tables: RunLogTables,
  ) {
    this.runs = Prisma.raw(`"${tables.runs}"`);
    this.chunks = Prisma.raw(`"${tables.chunks}"`);
    this.sizeStatement = SIZE[tables.runs];
  }

  /** A prepared statement on the process's pool (pg returns the bigint as a string). */
  async size(runId: string): Promise<number | null> {
    const [row] = await runPrepared(this.prisma.pool, this.sizeStatement, [runId]);
    return row ? Number(row.log_size) : null;
  }

  append(runId: string, offset: number, text: string, progress: Progress | null) {
    const end = BigInt(offset + Buffer.byteLength(text));
    return this.prisma.$transaction(async (tx) => {
      const moved = progress
        ? await tx.$executeRaw`UPDATE ${this.runs} SET log_size = ${end},
            progress_step = ${progress.step}, progress_percent = ${progress.percent}
            WHERE id = ${runId}::uuid AND log_size = ${BigInt(offset)}`
        : await tx.$executeRaw`UPDATE ${this.runs} SET log_size = ${end}
            WHERE id = ${runId}::uuid AND log_size = ${BigInt(offset)}`;
      if (moved === 0) return false; // another writer got there first
      await tx.$executeRaw`INSERT INTO ${this.chunks} (run_id, "offset", text)
        VALUES (${runId}::uuid, ${BigInt(offset)}, ${text})`;
      return true;
    });
  }

  async tail(runId: string): Promise<string> {
    const rows = await this.prisma.$queryRaw<Array<{ text: string }>>`
      SELECT text FROM ${this.chunks} WHERE run_id = ${runId}::uuid
      ORDER BY "offset" DESC LIMIT ${TAIL_CHUNKS}`;
    return tailLines(
      rows
        .reverse()
        .map((r) => r.text)
        .join(''),
    );
  }

  /**
   * Chunks whose offset is >= `after` (at most 200), where the next page starts, and whether
   * the log is complete (the run ended and every stored byte is read).
   */
  async page(run: { id: string; logSize: bigint; ended: boolean }, after: number) {
    const chunks = await this.prisma.$queryRaw<Array<{ offset: bigint; text: string }>>`
      SELECT "offset", text FROM ${this.chunks}
      WHERE run_id = ${run.id}::uuid AND "offset" >= ${BigInt(after)}
      ORDER BY "offset" ASC LIMIT ${PAGE_CHUNKS}`;
    const last = chunks.at(-1);
    const next = last ? Number(last.offset) + Buffer.byteLength(last.text) : Math.max(after, 0);
    return { chunks, nextOffset: next, complete: run.ended && next >= Number(run.logSize) };
  }
}
