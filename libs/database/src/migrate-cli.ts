#!/usr/bin/env node
/**
 * Usage: node libs/database/dist/migrate-cli.js <serviceDir...>
 * Applies each service's migrations to DATABASE_URL (created if missing),
 * in the schema named after the service directory (services/auth -> "auth").
 */
import path from 'node:path';
import { DEFAULT_DATABASE_URL } from './database-url';
import { ensureDatabase } from './ensure-database';
import { migrate } from './migrate';

export function schemaForServiceDir(serviceDir: string): string {
  return path.basename(path.resolve(serviceDir));
}

async function main(argv: string[]): Promise<void> {
  const dirs = argv.filter((arg) => arg !== '--');
  if (dirs.length === 0 || dirs.some((arg) => arg === '-h' || arg === '--help')) {
    process.stderr.write('usage: migrate-cli <serviceDir...>   (reads DATABASE_URL)\n');
    process.exitCode = dirs.length === 0 ? 2 : 0;
    return;
  }
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (await ensureDatabase(databaseUrl)) process.stdout.write('created database\n');
  for (const dir of dirs) {
    const schema = schemaForServiceDir(dir);
    process.stdout.write(`migrating ${path.resolve(dir)} into schema "${schema}"\n`);
    await migrate(dir, databaseUrl, schema);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
