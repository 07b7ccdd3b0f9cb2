import path from 'node:path';
import { defineConfig } from 'prisma/config';

/**
 * The Prisma configuration of one service (its `prisma.config.ts` is one call to this).
 * Migrations run through Prisma's wasm schema engine over the pg driver adapter (no engine
 * binaries to download), in the service's own PostgreSQL schema. This file is loaded as
 * TypeScript by the Prisma CLI, before anything is built, so it lives outside `src/`.
 */
export function servicePrismaConfig(serviceDir: string, schema: string) {
  // schema.prisma reads env("DATABASE_URL"); when it is unset the 6.19 CLI fails to read the
  // generator's engineType and tries to download a query engine, so default it here.
  process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/strata';
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: path.join(serviceDir, 'prisma', 'schema.prisma'),
    migrations: { path: path.join(serviceDir, 'prisma', 'migrations') },
    // Imported lazily so `prisma generate` works before @strata/database is built.
    async adapter() {
      const { createPrismaAdapter, DEFAULT_DATABASE_URL } = await import('@strata/database');
      return createPrismaAdapter(
        process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
        process.env.DATABASE_SCHEMA || schema,
        { allowExitOnIdle: true },
      );
    },
  });
}
