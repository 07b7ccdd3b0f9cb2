#!/usr/bin/env node
// Usage: node scripts/images/assemble.mjs <service> <outDir>
// Run in the Dockerfile's build stage after `npm ci && npm run build`: lays out in <outDir> what
// one service's image needs and nothing else: the root manifests, production dependencies of
// that workspace only (`npm ci --omit=dev -w services/<service>`, the repository's patches
// applied), the built `dist/` of the service and of each workspace it links, its Prisma schema,
// migrations and config (build artifacts: the generated Prisma client is compiled into dist/),
// and for the gateway the built web client. Also runnable outside Docker (the image smoke check).
import { cp, mkdir, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { run, root } from '../lib/run.mjs';

export const SERVICES = ['auth', 'accounts', 'cloud', 'cluster', 'notify', 'gateway'];

const exists = (path) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Every workspace folder of the root package.json (globs of the form `dir/*` or `dir`). */
async function workspaceDirs(src) {
  const { workspaces } = JSON.parse(await readFile(join(src, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of workspaces) {
    if (!pattern.endsWith('/*')) {
      dirs.push(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    for (const entry of await readdir(join(src, parent), { withFileTypes: true }))
      if (entry.isDirectory() && (await exists(join(src, parent, entry.name, 'package.json'))))
        dirs.push(`${parent}/${entry.name}`);
  }
  return dirs;
}

/** Applies patches/<name>+<version>.patch for the packages this service installed. */
async function applyPatches(src, out) {
  const patchDir = join(src, 'patches');
  if (!(await exists(patchDir))) return;
  const wanted = [];
  for (const file of await readdir(patchDir)) {
    const name = file.replace(/\+[^+]+\.patch$/, '').replace('+', '/');
    if (await exists(join(out, 'node_modules', name))) wanted.push(file);
  }
  if (wanted.length === 0) return;
  const staged = join(out, '.patches');
  await mkdir(staged, { recursive: true });
  for (const file of wanted) await cp(join(patchDir, file), join(staged, file));
  await run(
    process.execPath,
    [
      join(src, 'node_modules', 'patch-package', 'index.js'),
      '--patch-dir',
      '.patches',
      '--error-on-fail',
    ],
    { cwd: out, label: 'patch-package' },
  );
  await rm(staged, { recursive: true });
}

export async function assemble(service, out, src = root) {
  if (!SERVICES.includes(service)) throw new Error(`unknown service ${service}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const workspaces = await workspaceDirs(src);
  for (const file of ['package.json', 'package-lock.json'])
    await cp(join(src, file), join(out, file));
  // npm ci checks the lock against every workspace's manifest.
  for (const dir of workspaces) {
    await mkdir(join(out, dir), { recursive: true });
    await cp(join(src, dir, 'package.json'), join(out, dir, 'package.json'));
  }
  await run(
    'npm',
    [
      'ci',
      '--omit=dev',
      `--workspace=services/${service}`,
      '--include-workspace-root=false',
      '--ignore-scripts',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: out, label: `npm ci (${service})`, quiet: true },
  );
  await applyPatches(src, out);

  // The workspaces this service links (npm made a symlink for each under node_modules/@strata).
  const linked = new Set([`services/${service}`]);
  const scope = join(out, 'node_modules', '@strata');
  if (await exists(scope))
    for (const name of await readdir(scope)) {
      // node_modules/@strata/<name> -> ../../<workspace dir>
      const target = relative(out, join(scope, await readlink(join(scope, name))));
      if (workspaces.includes(target)) linked.add(target);
    }
  for (const dir of workspaces) {
    if (!linked.has(dir)) {
      await rm(join(out, dir), { recursive: true, force: true });
      continue;
    }
    await cp(join(src, dir, 'dist'), join(out, dir, 'dist'), {
      recursive: true,
      filter: (path) => !path.endsWith('.tsbuildinfo') && !path.endsWith('.map'),
    });
  }
  // Prune empty parents of removed workspaces (web/, services/<other>/).
  for (const dir of new Set(workspaces.map((d) => dirname(d)).filter((d) => d !== '.')))
    if (existsSync(join(out, dir)) && (await readdir(join(out, dir))).length === 0)
      await rm(join(out, dir), { recursive: true });

  const serviceDir = join(src, 'services', service);
  if (await exists(join(serviceDir, 'prisma'))) {
    await cp(join(serviceDir, 'prisma'), join(out, 'services', service, 'prisma'), {
      recursive: true,
    });
    await cp(
      join(serviceDir, 'prisma.config.ts'),
      join(out, 'services', service, 'prisma.config.ts'),
    );
    await cp(
      join(src, 'libs', 'database', 'prisma-service-config.ts'),
      join(out, 'libs', 'database', 'prisma-service-config.ts'),
    );
  }
  if (service === 'gateway')
    await cp(join(src, 'web', 'dist'), join(out, 'web', 'dist'), { recursive: true });
  if (service === 'cluster')
    await cp(join(serviceDir, 'sandbox'), join(out, 'services', service, 'sandbox'), {
      recursive: true,
      filter: (path) => !path.endsWith('Dockerfile'),
    });
  await writeFile(join(out, 'IMAGE'), `strata ${service}: ${[...linked].sort().join(', ')}\n`);
  return { linked: [...linked].sort(), out: relative(process.cwd(), out) || '.' };
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [service, out] = process.argv.slice(2);
  if (!service || !out) {
    console.error('usage: assemble.mjs <service> <outDir>');
    process.exit(2);
  }
  const result = await assemble(service, out);
  console.log(`assembled ${service} into ${result.out}: ${result.linked.join(', ')}`);
}
