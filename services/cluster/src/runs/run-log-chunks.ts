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

  constructor(
    private readonly prisma: PrismaService,
    tables: RunLogTables,
  ) {
    this.runs = Prisma.raw(`"${tables.runs}"`);
    this.chunks = Prisma.raw(`"${tables.chunks}"`);
  }

  async size(runId: string): Promise<number | null> {
    const rows = await this.prisma.$queryRaw<Array<{ log_size: bigint }>>`
      SELECT log_size FROM ${this.runs} WHERE id = ${runId}::uuid`;
    return rows[0] ? Number(rows[0].log_size) : null;
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
