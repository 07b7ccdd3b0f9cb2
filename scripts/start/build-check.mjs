// Decides whether `npm run build` is needed: a service's dist/main.js (or the migration
// CLI) is missing, or some source is newer than the newest build output.
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

async function dirs(parent) {
  try {
    return (await readdir(parent, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => join(parent, e.name));
  } catch {
    return [];
  }
}

/** Newest mtime (ms) of the files below `dir` that pass `filter`, with that file's path. */
async function newest(dir, filter = () => true) {
  let best = { mtime: 0, file: undefined };
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return best;
  }
  await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      let found;
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules') return;
        found = await newest(path, filter);
      } else if (filter(path)) {
        found = { mtime: (await stat(path).catch(() => ({ mtimeMs: 0 }))).mtimeMs, file: path };
      } else return;
      if (found.mtime > best.mtime) best = found;
    }),
  );
  return best;
}

const isSource = (path) => !/\.(spec|test)\.[cm]?[jt]s$/.test(path);

/** { build: boolean, reason: string } */
export async function checkBuild(root) {
  const services = await dirs(join(root, 'services'));
  const libs = await dirs(join(root, 'libs'));
  const required = [
    ...services.map((s) => join(s, 'dist', 'main.js')),
    join(root, 'libs', 'database', 'dist', 'migrate-cli.js'),
  ];
  for (const file of required) {
    if (!(await stat(file).catch(() => null)))
      return { build: true, reason: `${relative(root, file)} is missing` };
  }

  const outputs = await Promise.all(
    [...services, ...libs, join(root, 'proto')].map((d) => newest(join(d, 'dist'))),
  );
  const built = Math.max(...outputs.map((o) => o.mtime));

  const sources = await Promise.all([
    ...services.map((s) => newest(join(s, 'src'), isSource)),
    ...libs.map((l) => newest(join(l, 'src'), isSource)),
    newest(join(root, 'proto', 'strata')),
    ...services.map((s) => newest(join(s, 'prisma'), (p) => p.endsWith('schema.prisma'))),
  ]);
  const latest = sources.reduce((a, b) => (b.mtime > a.mtime ? b : a), { mtime: 0 });
  if (latest.mtime > built)
    return { build: true, reason: `${relative(root, latest.file)} changed since the last build` };
  return { build: false, reason: 'build is up to date' };
}
