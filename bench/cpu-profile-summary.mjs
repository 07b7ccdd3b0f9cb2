// Summarises .cpuprofile files (from BENCH_CPU_PROF): self time by package and the top
// functions, as markdown, excluding idle time. A reading aid for bench/results, not a test.
//
//   node bench/cpu-profile-summary.mjs /tmp/prof/*.cpuprofile
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TOP = Number(process.env.TOP ?? 12);

/** Where a frame's code lives: an npm package, a Strata lib/service, Node itself, or V8. */
function owner({ url, functionName }) {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'anonymous'})`;
  if (url.startsWith('wasm://')) return 'wasm';
  if (url.startsWith('node:')) return 'node:internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    const all = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    return all[all.length - 1][1];
  }
  const strata = /\/(libs|services)\/([^/]+)\//.exec(url);
  if (strata) return `${strata[1]}/${strata[2]}`;
  if (url.includes('/src/generated/prisma/')) return '@prisma/client (generated)';
  return path.basename(url);
}

async function summarise(file) {
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const byOwner = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits || node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const who = owner(node.callFrame);
    byOwner.set(who, (byOwner.get(who) ?? 0) + hits);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${who})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
  const top = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, n]) => `| ${name} | ${pct(n)} |`);
  const seconds = ((profile.endTime - profile.startTime) / 1e6).toFixed(1);
  return [
    `### ${path.basename(file)} (${total} busy samples over ${seconds} s)`,
    '',
    '| Self time by package | share |',
    '|---|---:|',
    ...top(byOwner),
    '',
    '| Top functions (self) | share |',
    '|---|---:|',
    ...top(byFunction),
    '',
  ].join('\n');
}

for (const file of process.argv.slice(2)) console.log(await summarise(file));
