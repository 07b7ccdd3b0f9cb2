import os from 'node:os';

const num = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
const ratio = (n) =>
  Number.isFinite(n) ? `${n < 0.01 ? n.toFixed(4) : n < 10 ? n.toFixed(3) : n.toFixed(1)}×` : 'n/a';

/** Answers that were 2xx, per second of the measured run (a refused login is not a login). */
const okPerSecond = (r) => (r.duration > 0 ? (r.total - r.non2xx - r.errors) / r.duration : NaN);

export const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadavg: loadAverage(),
  };
}

/** The markdown report: the table, then the settings and the machine. */
export function markdown({
  rows,
  settings,
  machine,
  infrastructure,
  startedAt,
  loadAtEnd,
  idleCpu = {},
}) {
  const baseline = rows[0];
  const lines = [
    `# Strata bench, ${startedAt.toISOString()}`,
    '',
    '| Row | Requests | RPS (avg) | 2xx/s | p50 ms | p99 ms | non-2xx | errors (timeouts) | RPS / baseline | p99 / baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${num(r.total)} | ${num(r.rps, 1)} | ${num(okPerSecond(r), 1)} | ${num(r.total ? r.p50 : NaN)} | ${num(r.total ? r.p99 : NaN)} | ${num(r.non2xx)} | ${num(r.errors)} (${num(r.timeouts)}) | ${ratio(r.rps / baseline.rps)} | ${ratio(r.total ? r.p99 / baseline.p99 : NaN)} |`,
    );
  }
  const withCpu = rows.filter((r) => r.cpuMs && r.total);
  if (withCpu.length) {
    // Each process's CPU time in the measured run, less what it burns with no load at all.
    const net = (r, name) => r.cpuMs[name] - (idleCpu[name] ?? 0) * r.duration;
    const perRequest = (r) =>
      Object.keys(r.cpuMs).reduce((sum, name) => sum + net(r, name), 0) / r.total;
    const baselineCpu = withCpu[0] === baseline ? perRequest(baseline) : NaN;
    lines.push(
      '',
      'CPU time per request (user + system from /proc during the measured run, less each ' +
        'process’s idle rate: ' +
        (Object.entries(idleCpu)
          .map(([name, ms]) => `${name} ${num(ms, 1)}`)
          .join(', ') || 'not measured') +
        ' ms/s; PostgreSQL, nats-server and the client aside), and its ratio to the baseline’s: ' +
        'a loaded machine shares out requests per second, not the CPU a request costs.',
      '',
      '| Row | CPU ms per request, by process | total | ÷ baseline |',
      '|---|---|---:|---:|',
    );
    for (const r of withCpu) {
      const parts = Object.entries(r.cpuMs)
        .map(([name]) => `${name} ${num(net(r, name) / r.total, 3)}`)
        .join(', ');
      lines.push(
        `| ${r.name} | ${parts} | ${num(perRequest(r), 3)} | ${ratio(perRequest(r) / baselineCpu)} |`,
      );
    }
  }
  const odd = rows.filter((r) => r.non2xx || r.errors);
  if (odd.length) {
    lines.push('', 'Status codes of rows with failures:');
    for (const r of odd) lines.push(`- ${r.name}: ${JSON.stringify(r.statusCodes)}`);
  }
  lines.push(
    '',
    `Each row: autocannon, ${settings.connections} connections, ${settings.duration} s (after a ${settings.warmup} s warm-up), ` +
      'client in the bench process on the same machine. Latency percentiles are autocannon’s (1 ms resolution).',
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memory}, ${machine.os}; Node ${machine.node}; ` +
      `load average (1/5/15 min) at start ${machine.loadavg}, at end ${loadAtEnd}. Infrastructure: ${infrastructure} ` +
      '(PostgreSQL and nats-server on the same machine).',
    '',
  );
  return lines.join('\n');
}
