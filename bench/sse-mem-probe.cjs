// Loaded into the gateway by bench/sse-fanout.mjs (NODE_OPTIONS=--require): on SIGWINCH, a full
// garbage collection (not SIGUSR2: Nest shuts down on it) and process.memoryUsage() written to $BENCH_MEM_PROBE_OUT. Bench only.
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const out = process.env.BENCH_MEM_PROBE_OUT;
if (out)
  process.on('SIGWINCH', () => {
    gc();
    gc();
    fs.writeFileSync(`${out}.tmp`, JSON.stringify(process.memoryUsage()));
    fs.renameSync(`${out}.tmp`, out);
  });
// BENCH_MEM_PROBE_SNAPSHOT=1: a heap snapshot beside the memory file (removed with the bench's
// temporary directory); =<directory>: there, kept.
const snapshots = process.env.BENCH_MEM_PROBE_SNAPSHOT;
if (out && snapshots) {
  const prefix = snapshots === '1' ? out : require('node:path').join(snapshots, 'gateway');
  process.on('SIGWINCH', () => v8.writeHeapSnapshot(`${prefix}.${Date.now()}.heapsnapshot`));
}
