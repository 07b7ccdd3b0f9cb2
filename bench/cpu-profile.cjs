// Preloaded with NODE_OPTIONS=--require (Node 20 refuses --cpu-prof there): profiles the whole
// process with the inspector and writes a .cpuprofile into BENCH_CPU_PROF_DIR when it exits.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // An in-process session answers synchronously, so this runs before the process ends.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      writeFileSync(
        path.join(dir, `cluster-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  });
}
