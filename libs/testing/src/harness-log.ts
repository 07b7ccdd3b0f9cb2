/** One line from the harness itself on stderr (bypasses Jest's console decoration). */
export function harnessLog(message: string): void {
  process.stderr.write(`[strata/testing] ${message}\n`);
}
