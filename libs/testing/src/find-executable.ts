import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

/** The absolute path of `name` on PATH (plus `extraDirs`), or undefined. */
export async function findExecutable(
  name: string,
  extraDirs: string[] = [],
): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; try the next one.
    }
  }
  return undefined;
}
