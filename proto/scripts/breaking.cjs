#!/usr/bin/env node
// `npm run breaking -w proto`: buf breaking (FILE rules) against the previous state of main.
// Base = origin/main if that ref exists, else HEAD~1; override with BUF_BREAKING_BASE=<ref>.
// Skips (exit 0) when the base commit has no proto/ module yet.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const git = (...args) =>
  execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const refExists = (ref) => {
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
};

const protoDir = path.resolve(__dirname, '..');
const repoRoot = git('-C', protoDir, 'rev-parse', '--show-toplevel');
const subdir = path.relative(repoRoot, protoDir).split(path.sep).join('/');
process.chdir(protoDir);

const base = process.env.BUF_BREAKING_BASE || (refExists('origin/main') ? 'origin/main' : 'HEAD~1');
if (!refExists(base)) {
  console.log(`buf breaking: skipped, base ref ${base} does not exist (first commit?)`);
  process.exit(0);
}
try {
  git('cat-file', '-e', `${base}:${subdir}/buf.yaml`);
} catch {
  console.log(`buf breaking: skipped, ${base} has no ${subdir}/buf.yaml yet`);
  process.exit(0);
}

const sha = git('rev-parse', `${base}^{commit}`);
const against = `${path.relative(protoDir, repoRoot) || '.'}/.git#ref=${sha},subdir=${subdir}`;
console.log(`buf breaking against ${base} (${sha.slice(0, 12)}): ${against}`);
// The buf launcher from node_modules (works without npm's PATH, e.g. `node scripts/breaking.cjs`).
const bufBin = path.join(path.dirname(require.resolve('@bufbuild/buf/package.json')), 'bin', 'buf');
const res = spawnSync(process.execPath, [bufBin, 'breaking', '--against', against], {
  stdio: 'inherit',
});
if (res.error) {
  console.error(res.error.message);
  process.exit(1);
}
process.exit(res.status ?? 1);
