import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (almost always 100). */
let ticksPerSecond;
const ticks = () => {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
};

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; NaN if unknown. */
export function cpuMs(pid) {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): state is the 3rd
    // field of the line, utime the 14th and stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / ticks();
  } catch {
    return NaN;
  }
}

/**
 * A probe of the CPU time of named processes (`{ gateway: pid, accounts: pid }`): `start()`, then
 * `stop()` answers each one's CPU ms spent in between. On a loaded machine CPU time per request
 * moves far less than requests per second (it is not shared out), so it says what a change saved.
 */
export function cpuProbe(pids) {
  const named = Object.entries(pids).filter(([, pid]) => pid);
  let before = {};
  return {
    start() {
      before = Object.fromEntries(named.map(([name, pid]) => [name, cpuMs(pid)]));
    },
    stop() {
      return Object.fromEntries(named.map(([name, pid]) => [name, cpuMs(pid) - before[name]]));
    },
  };
}

/** CPU ms per second each process uses with no load (timers, pollers, relays), over `seconds`. */
export async function idleCpuRates(pids, seconds = 3) {
  const probe = cpuProbe(pids);
  probe.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return Object.fromEntries(Object.entries(probe.stop()).map(([name, ms]) => [name, ms / seconds]));
}
