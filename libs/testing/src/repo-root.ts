import { readFile } from 'node:fs/promises';
import path from 'node:path';

let cached: Promise<string> | undefined;

/**
 * The monorepo root: the nearest directory above this file whose package.json
 * declares workspaces (works from libs/testing/src and libs/testing/dist).
 */
export function repoRoot(): Promise<string> {
  cached ??= findRoot(__dirname);
  return cached;
}

async function findRoot(start: string): Promise<string> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
        workspaces?: unknown;
      };
      if (pkg.workspaces) return dir;
    } catch {
      // No (readable) package.json here; keep going up.
    }
    if (path.dirname(dir) === dir) throw new Error(`no workspace root above ${start}`);
  }
}
