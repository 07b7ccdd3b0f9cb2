// Times a bare argon2id verification at each of OWASP's equivalent parameter sets, with the
// library the auth service uses, in one run on this machine: the first (today's m = 46 MiB,
// t = 1) is the baseline and every other option is given as a ratio to it. A report, not a
// test. Run alone (nothing else of the bench), serially (one hash at a time) and then with as
// many hashes in flight as there are cores, which is how the auth service runs them.
//
//   node bench/argon2-options.mjs             (BENCH_ARGON2_ROUNDS=40 per option and mode)
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';

const require = createRequire(new URL('../services/auth/package.json', import.meta.url));
const argon2 = require('argon2');
const { version } = require('argon2/package.json');

const ROUNDS = Number(process.env.BENCH_ARGON2_ROUNDS ?? 40);
const cores = availableParallelism();
/** OWASP Password Storage Cheat Sheet, argon2id: equivalent options (m in KiB, t, p = 1). */
const OPTIONS = [
  { label: 'm = 46 MiB, t = 1 (today)', memoryCost: 47_104, timeCost: 1 },
  { label: 'm = 19 MiB, t = 2', memoryCost: 19_456, timeCost: 2 },
  { label: 'm = 12 MiB, t = 3', memoryCost: 12_288, timeCost: 3 },
  { label: 'm = 9 MiB, t = 4', memoryCost: 9_216, timeCost: 4 },
  { label: 'm = 7 MiB, t = 5', memoryCost: 7_168, timeCost: 5 },
];

async function timeVerifies(hash, inFlight) {
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next++ < ROUNDS) await argon2.verify(hash, 'correct horse battery staple');
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - started) / 1e6; // ms for ROUNDS verifications
}

const load = loadavg().map((n) => n.toFixed(2));
const results = [];
for (const option of OPTIONS) {
  const params = { type: argon2.argon2id, parallelism: 1, ...option };
  delete params.label;
  const hash = await argon2.hash('correct horse battery staple', params);
  await timeVerifies(hash, 1); // warm-up
  results.push({ option, serialMs: 0, parallelMs: 0, hash });
}
// Interleave the options over several passes so a change of machine load hits all of them alike.
const PASSES = 3;
for (let pass = 0; pass < PASSES; pass++) {
  for (const r of results) {
    r.serialMs += (await timeVerifies(r.hash, 1)) / ROUNDS / PASSES;
    r.parallelMs += (await timeVerifies(r.hash, cores)) / ROUNDS / PASSES;
  }
}
const [base] = results;
const lines = [
  `argon2 ${version} (argon2id, p = 1), Node ${process.version}, ${cores} cores, ${ROUNDS} × ${PASSES} verifications per option and mode; load average at start ${load.join(' ')}, at end ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
  '',
  '| Option | one at a time: ms / verify | / today | ' +
    `${cores} in flight: verifies/s | / today |`,
  '|---|---:|---:|---:|---:|',
];
for (const r of results) {
  const perSecond = 1000 / r.parallelMs;
  const basePerSecond = 1000 / base.parallelMs;
  lines.push(
    `| ${r.option.label} | ${r.serialMs.toFixed(1)} | ${(r.serialMs / base.serialMs).toFixed(3)}× | ${perSecond.toFixed(1)} | ${(perSecond / basePerSecond).toFixed(3)}× |`,
  );
}
console.log(lines.join('\n'));
