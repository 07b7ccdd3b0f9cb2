import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureSchema } from './ensure-database';
import { assertSchemaName } from './sql-identifier';

/** Environment variables a service's prisma.config.ts reads. */
export const DATABASE_URL_ENV = 'DATABASE_URL';
export const DATABASE_SCHEMA_ENV = 'DATABASE_SCHEMA';

export interface MigrateOptions {
  /** Where the CLI's output goes (default: inherited by this process). */
  stdio?: 'inherit' | 'pipe';
}

export interface MigrateResult {
  output: string;
}

/**
 * How many times `migrate` tries when Prisma gives up waiting for its advisory lock
 * (P1002 after 10 s): another `migrate deploy` on the same database holds it, which is
 * expected when services migrate side by side, so waiting again is the right answer.
 */
export const ADVISORY_LOCK_ATTEMPTS = 3;

/** Whether a failed Prisma CLI run failed only because another run held the migration lock. */
export function isAdvisoryLockTimeout(err: unknown): boolean {
  return (
    err instanceof Error && /Timed out trying to acquire a postgres advisory lock/.test(err.message)
  );
}

/** The Prisma CLI entry point shipped in node_modules (no npx, no network). */
export function prismaCliPath(): string {
  return require.resolve('prisma/build/index.js');
}

/**
 * Applies a service's pending migrations (`prisma migrate deploy`) to its own
 * schema of the database, creating the schema first if it is missing.
 * The database itself must exist (see ensureDatabase).
 */
export async function migrate(
  serviceDir: string,
  databaseUrl: string,
  schema: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  assertSchemaName(schema);
  const dir = path.resolve(serviceDir);
  const config = path.join(dir, 'prisma.config.ts');
  if (!existsSync(config)) throw new Error(`no prisma.config.ts in ${dir}`);

  await ensureSchema(databaseUrl, schema);
  const deploy = () =>
    runPrisma(['migrate', 'deploy', '--config', config], {
      cwd: dir,
      env: { [DATABASE_URL_ENV]: databaseUrl, [DATABASE_SCHEMA_ENV]: schema },
      stdio: options.stdio ?? 'inherit',
    });
  for (let attempt = 1; ; attempt++) {
    try {
      return await deploy();
    } catch (err) {
      if (attempt >= ADVISORY_LOCK_ATTEMPTS || !isAdvisoryLockTimeout(err)) throw err;
    }
  }
}

interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  stdio: 'inherit' | 'pipe';
}

/** Runs the Prisma CLI in a child process; rejects with its output on failure. */
export function runPrisma(args: string[], options: RunOptions): Promise<MigrateResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCliPath(), ...args], {
      cwd: options.cwd,
      env: {
        ...process.env,
        // No update checks or telemetry calls from inside deployments and tests.
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        ...options.env,
      },
      stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ output });
      else
        reject(
          new Error(
            `prisma ${args.join(' ')} failed in ${options.cwd} (${signal ?? `exit ${code}`})` +
              (output ? `:\n${output}` : ''),
          ),
        );
    });
  });
}
