// Preloaded into the cluster process with NODE_OPTIONS=--require (Node 20 refuses --cpu-prof
// there) when the bench is given BENCH_CPU_PROF: profiles the whole process with the inspector
// and writes cluster-<pid>.cpuprofile into that directory when the process ends (SIGTERM from
// the harness, or exit). SIGUSR2 writes a heap snapshot there (the bench sends it with all runs
// RUNNING when BENCH_HEAP_SNAPSHOT=1).
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
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
  process.on('SIGUSR2', () =>
    v8.writeHeapSnapshot(path.join(dir, `cluster-${process.pid}.heapsnapshot`)),
  );
}
