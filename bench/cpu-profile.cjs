// Preloaded into the cluster process with NODE_OPTIONS=--require (Node 20 refuses --cpu-prof
// there) when the bench is given BENCH_CPU_PROF: profiles the process with the inspector and
// writes cluster-<pid>.cpuprofile into that directory when the process ends (SIGTERM from the
// harness, or exit). SIGWINCH ends a phase: the profile so far is written as
// cluster-<pid>-phase<N>.cpuprofile with cluster-<pid>-phase<N>.json beside it (event-loop
// delay percentiles, GC pauses by kind, memory and heap spaces at the phase's end; written
// last, so the bench waits for it), and a new profile starts (the bench sends it after the creates and after each status phase). SIGUSR2
// writes a heap snapshot there (the bench sends it with all runs RUNNING when
// BENCH_HEAP_SNAPSHOT=1).
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { monitorEventLoopDelay, constants } = require('node:perf_hooks');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');

  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  let gc = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[entry.detail?.kind ?? entry.kind] ?? 'other';
      const g = (gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      g.count += 1;
      g.totalMs += entry.duration;
      g.maxMs = Math.max(g.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let phase = 0;
  let phaseStart = Date.now();
  const ms = (ns) => Number((ns / 1e6).toFixed(2));
  const stats = () => ({
    seconds: (Date.now() - phaseStart) / 1000,
    eventLoopDelayMs: {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
      mean: ms(delay.mean),
    },
    gc,
    memoryMiB: Object.fromEntries(
      Object.entries(process.memoryUsage()).map(([k, v]) => [k, Number((v / 2 ** 20).toFixed(1))]),
    ),
    heapSpacesMiB: Object.fromEntries(
      v8
        .getHeapSpaceStatistics()
        .map((s) => [s.space_name, Number((s.space_size / 2 ** 20).toFixed(1))]),
    ),
  });

  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-process session answers synchronously, so this runs before the process ends.
    session.post('Profiler.stop', (err, result) => {
      if (!err)
        writeFileSync(
          path.join(dir, `cluster-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
    });
  };
  process.on('exit', write);
  process.once('SIGTERM', () => {
    write();
    // What SIGTERM would have done without this listener, unless the service handles it.
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
  process.on('SIGWINCH', () => {
    if (written) return;
    phase += 1;
    const name = path.join(dir, `cluster-${process.pid}-phase${phase}`);
    const figures = JSON.stringify(stats(), null, 2);
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(`${name}.cpuprofile`, JSON.stringify(result.profile));
      session.post('Profiler.start');
    });
    // Last: the bench waits for this file before it goes on (writing the profile takes a while).
    writeFileSync(`${name}.json`, figures);
    delay.reset();
    gc = {};
    phaseStart = Date.now();
  });
  process.on('SIGUSR2', () =>
    v8.writeHeapSnapshot(path.join(dir, `cluster-${process.pid}.heapsnapshot`)),
  );
}
