/**
 * Named crash points for fault-injection tests (`STRATA_FAILPOINTS=outbox.after_publish`).
 * Inert in production. A triggered failpoint kills the process as abruptly as `kill -9`.
 */
export function failpoint(name: string): void {
  if (process.env.NODE_ENV === 'production') return;
  const armed = process.env.STRATA_FAILPOINTS?.split(',').map((s) => s.trim());
  if (!armed?.includes(name)) return;
  process.stderr.write(`failpoint ${name} triggered: killing the process\n`);
  process.kill(process.pid, 'SIGKILL');
}
