/**
 * End to end against the local PostgreSQL: migrate auth and notify into one
 * throwaway database (one schema each), use the generated auth client through
 * createPrismaAdapter, and check that migrating again is a no-op.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  createPrismaAdapter,
  dropDatabase,
  migrate,
  parseDatabaseUrl,
  runPrisma,
  withDatabase,
} from '../src';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const services = ['auth', 'notify'].map((name) => path.join(repoRoot, 'services', name));
const migrateCli = path.join(repoRoot, 'libs/database/dist/migrate-cli.js');

const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = withDatabase(baseUrl, `strata_migrate_e2e_${randomUUID().slice(0, 8)}`);

async function query<T extends Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client(parseDatabaseUrl(databaseUrl));
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const tablesIn = async (schema: string) =>
  (
    await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    )
  ).map((row) => row.table_name);

beforeAll(async () => {
  // prisma.config.ts loads @strata/database from dist; the client is generated into src/generated.
  if (!existsSync(migrateCli)) {
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'libs/database'], {
      cwd: repoRoot,
    });
  }
  await Promise.all(
    services.map((dir) => runPrisma(['generate'], { cwd: dir, env: {}, stdio: 'pipe' })),
  );
}, 120_000);

afterAll(async () => {
  await dropDatabase(databaseUrl);
});

describe('migrations (real PostgreSQL)', () => {
  it('creates the database and migrates every service into its own schema via the CLI', async () => {
    const { stdout } = await run(process.execPath, [migrateCli, ...services], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    expect(stdout).toContain('created database');

    expect(await tablesIn('auth')).toEqual([
      '_prisma_migrations',
      'attempt_counters',
      'email_verification_tokens',
      'outbox',
      'password_reset_tokens',
      'processed_events',
      'refresh_tokens',
      'sessions',
      'signing_keys',
      'users',
    ]);
    // Each schema holds its service's own tables (notify's grow with its features).
    expect(await tablesIn('notify')).toEqual(
      expect.arrayContaining([
        '_prisma_migrations',
        'email_deliveries',
        'outbox',
        'processed_events',
      ]),
    );
    expect(await tablesIn('notify')).not.toContain('users');
    expect(await tablesIn('public')).toEqual([]);
  }, 120_000);

  it('reads and writes through the generated client bound to the auth schema', async () => {
    // Loaded here, after beforeAll has generated it.
    const { PrismaClient } = await import('../../../services/auth/src/generated/prisma/client');
    const prisma = new PrismaClient({ adapter: createPrismaAdapter(databaseUrl, 'auth') });
    try {
      const created = await prisma.user.create({
        data: { email: 'ada@example.com', passwordHash: null },
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.createdAt).toBeInstanceOf(Date);

      const session = await prisma.session.create({
        data: { userId: created.id, expiresAt: new Date(Date.now() + 60_000) },
      });
      await prisma.refreshToken.create({
        data: { sessionId: session.id, tokenHash: 'ab'.repeat(32), expiresAt: session.expiresAt },
      });

      const found = await prisma.user.findUnique({
        where: { email: 'ada@example.com' },
        include: { sessions: { include: { refreshTokens: true } } },
      });
      expect(found?.id).toBe(created.id);
      expect(found?.sessions[0]?.refreshTokens).toHaveLength(1);

      await prisma.$transaction(async (tx) => {
        await tx.outboxEvent.create({
          data: { subject: 'evt.auth.user.registered', payload: { userId: created.id } },
        });
      });
      expect(
        (await prisma.outboxEvent.findFirst({ where: { publishedAt: null } }))?.headers,
      ).toEqual({});
    } finally {
      await prisma.$disconnect();
    }

    const rows = await query<{ email: string }>('SELECT email FROM auth.users');
    expect(rows).toEqual([{ email: 'ada@example.com' }]);
  }, 60_000);

  it('applies a script whose semicolons in comments, strings and function bodies end nothing', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'tricky-sql');
    await migrate(fixture, databaseUrl, 'tricky', { stdio: 'pipe' });
    expect(await query('SELECT id, body FROM tricky.notes')).toEqual([
      { id: 1, body: 'first; second' },
    ]);
    expect(await query('SELECT tricky.note_count() AS n')).toEqual([{ n: '1' }]);
  }, 120_000);

  it('is a no-op when run again', async () => {
    const applied = () => query<{ n: string }>('SELECT count(*) AS n FROM auth._prisma_migrations');
    const before = await applied();
    const results = await Promise.all(
      services.map((dir) => migrate(dir, databaseUrl, path.basename(dir), { stdio: 'pipe' })),
    );
    for (const { output } of results) expect(output).toContain('No pending migrations to apply');
    expect(await applied()).toEqual(before);
    expect(await query('SELECT email FROM auth.users')).toHaveLength(1);
  }, 120_000);

  it('waits again when another migration holds the lock past Prisma’s 10 s timeout', async () => {
    // Prisma's migrate deploy takes pg_advisory_lock(72707369) and gives up after 10 s. The
    // server keeps a given-up CLI's request waiting, so a second attempt shows as a new pid.
    const holder = new Client(parseDatabaseUrl(databaseUrl));
    await holder.connect();
    const waiters = async () =>
      (
        await holder.query<{ pid: number }>(
          `SELECT pid FROM pg_locks
            WHERE locktype = 'advisory' AND objid = 72707369 AND NOT granted`,
        )
      ).rows.map((row) => row.pid);
    const waitersBeyond = async (count: number) => {
      while ((await waiters()).length <= count) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)');
      const migrating = migrate(services[0], databaseUrl, 'auth', { stdio: 'pipe' });
      migrating.catch(() => undefined);
      await waitersBeyond(0); // the first attempt waits for the lock; only a second one,
      await Promise.race([waitersBeyond(1), migrating]); // after Prisma's timeout, adds a waiter.
      await holder.query('SELECT pg_advisory_unlock(72707369)');
      expect((await migrating).output).toContain('No pending migrations to apply');
    } finally {
      await holder.end();
    }
  }, 120_000);
});
