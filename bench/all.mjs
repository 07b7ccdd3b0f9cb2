// `npm run bench`: every bench of the platform, one after the other (never two at once: on two
// cores they would measure each other), each with its own baseline measured in the same run and
// every row given as a ratio to it. BENCH_SUITES picks some: request,scale-out,sse,cluster-runs.
// The other BENCH_* variables reach each suite (bench/README.md). A report, not a test.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const SUITES = [
  // name, script, the report it writes (under results/), what it measures
  ['request', 'run.mjs', 'latest.md', 'GET /me, an org-scoped list, login, login storm'],
  ['scale-out', 'scale-out.mjs', 'scale-out-latest.md', 'GET /me, one and two replicas'],
  ['sse', 'sse-fanout.mjs', 'latest-sse.md', 'one push to 10k streams, memory per stream'],
  [
    'cluster-runs',
    'cluster-runs.mjs',
    'cluster-runs-latest.md',
    '1,000 concurrent runs: watch event to published status, RSS',
  ],
];

const wanted = (process.env.BENCH_SUITES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted.filter((w) => !SUITES.some(([name]) => name === w));
if (unknown.length) {
  console.error(`BENCH_SUITES: unknown ${unknown.join(', ')} (known: ${SUITES.map((s) => s[0])})`);
  process.exit(64);
}
const chosen = SUITES.filter(([name]) => !wanted.length || wanted.includes(name));

function run(script, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${here}${script}`], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(signal ? 128 : (code ?? 1));
    });
  });
}

const sections = [];
let failed = 0;
for (const [name, script, latest, what] of chosen) {
  console.error(`\n[bench] ${name}: ${what}`);
  // cluster-runs names its report after BENCH_RESULT_FILE; the others write a fixed name.
  const report = name === 'cluster-runs' ? (process.env.BENCH_RESULT_FILE ?? latest) : latest;
  const code = await run(script, name === 'cluster-runs' ? { BENCH_RESULT_FILE: report } : {});
  if (code !== 0) {
    failed++;
    sections.push(`## ${name}\n\nfailed (exit ${code}); see its output above.\n`);
    continue;
  }
  const text = await readFile(`${here}results/${report}`, 'utf8').catch(() => '(no report)');
  sections.push(`## ${name}: ${what}\n\n${text.trim()}\n`);
}
const all = `# Strata bench, ${new Date().toISOString()}\n\n${sections.join('\n')}`;
await writeFile(`${here}results/latest-all.md`, all);
console.log(all);
process.exit(failed ? 1 : 0);
