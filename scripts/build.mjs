#!/usr/bin/env node
// Builds everything: proto code generation, Prisma clients, then one incremental `tsc -b` and,
// alongside it, the web client (type-check + vite build into web/dist).
import { readdir, access } from 'node:fs/promises';
import { join } from 'node:path';
import { run, root } from './lib/run.mjs';

const services = await readdir(join(root, 'services'));
const withPrisma = [];
for (const name of services) {
  try {
    await access(join(root, 'services', name, 'prisma', 'schema.prisma'));
    withPrisma.push(name);
  } catch {
    // no database: nothing to generate
  }
}

await Promise.all([
  run('npx', ['buf', 'generate'], { cwd: join(root, 'proto'), label: 'proto' }),
  ...withPrisma.map((name) =>
    run('npx', ['prisma', 'generate', '--no-hints'], {
      cwd: join(root, 'services', name),
      label: `prisma:${name}`,
      quiet: true,
    }),
  ),
]);
await Promise.all([
  run('npx', ['tsc', '-b', 'tsconfig.json'], { cwd: root, label: 'tsc' }),
  run('npm', ['run', 'build', '-w', 'web'], { cwd: root, label: 'web', quiet: true }),
]);
console.log('build: done');
