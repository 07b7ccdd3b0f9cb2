import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Migrations run through Prisma's wasm schema engine over the pg driver adapter
// (no engine binaries to download). The service owns one PostgreSQL schema.
const SERVICE_SCHEMA = 'cluster';
// schema.prisma reads env("DATABASE_URL"); when it is unset the 6.19 CLI fails to
// read the generator's engineType and tries to download a query engine, so
// default it here (prisma.config.ts is loaded before the schema).
process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/strata';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  // Imported lazily so `prisma generate` works before @strata/database is built.
  async adapter() {
    const { createPrismaAdapter, DEFAULT_DATABASE_URL } = await import('@strata/database');
    return createPrismaAdapter(
      process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
      process.env.DATABASE_SCHEMA || SERVICE_SCHEMA,
      { allowExitOnIdle: true },
    );
  },
});
